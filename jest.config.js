/** @type {import('jest').Config} */
module.exports = {
    testEnvironment: "node",
    // Four workers on two cores: the end-to-end files spend about half their time waiting (on the simulator's job
    // clocks and the waiter's polls) and the provider integration files nearly all of it (under 5 % CPU), so with
    // two workers the cores idle half the run. Measured per file (issue 19): `pulumi up` of one instance is about
    // 5 CPU-seconds over 10 s.
    maxWorkers: 4,
    testSequencer: "<rootDir>/test/longest-first-sequencer.js",
    roots: ["<rootDir>/provider", "<rootDir>/test"],
    testMatch: ["**/*.test.ts"],
    transform: {
        "^.+\\.[tj]s$": ["ts-jest", { tsconfig: "tsconfig.jest.json" }],
    },
};
