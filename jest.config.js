/** @type {import('jest').Config} */
module.exports = {
    testEnvironment: "node",
    // The end-to-end files mostly wait (on the Pulumi CLI and the simulator's job clocks), so two run side by side
    // even on two cores; jest's default there would be one worker and a suite twice as long.
    maxWorkers: 2,
    roots: ["<rootDir>/provider", "<rootDir>/test"],
    testMatch: ["**/*.test.ts"],
    transform: {
        "^.+\\.[tj]s$": ["ts-jest", { tsconfig: "tsconfig.jest.json" }],
    },
};
