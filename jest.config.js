/** @type {import('jest').Config} */
module.exports = {
    testEnvironment: "node",
    roots: ["<rootDir>/provider", "<rootDir>/test"],
    testMatch: ["**/*.test.ts"],
    transform: {
        "^.+\\.[tj]s$": ["ts-jest", { tsconfig: "tsconfig.jest.json" }],
    },
    // p-retry and its dependency ship as ESM only; jest runs CommonJS, so they are transpiled too.
    transformIgnorePatterns: ["/node_modules/(?!(p-retry|is-network-error)/)"],
};
