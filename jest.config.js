/** @type {import('jest').Config} */
module.exports = {
    testEnvironment: "node",
    roots: ["<rootDir>/provider", "<rootDir>/test"],
    testMatch: ["**/*.test.ts"],
    transform: {
        "^.+\\.[tj]s$": ["ts-jest", { tsconfig: "tsconfig.jest.json" }],
    },
};
