// Two projects: unit tests are pure and fast; integration tests start real
// processes and loopback servers. `npx jest --selectProjects unit` runs one.
const tsJest = ["ts-jest", { tsconfig: "tsconfig.json" }];
// Not modules of ours: the generated Node SDK's build output (test/support/nativeNodeSdk.ts) repeats its package.json, and the
// Node 22 leg (tools/matrix/) has a package.json of the same name and a whole copy of the tree in .matrix/.
const common = { testEnvironment: "node", transform: { "^.+\\.ts$": tsJest }, modulePathIgnorePatterns: ["<rootDir>/sdk/nodejs-native/bin/", "<rootDir>/.matrix/", "<rootDir>/tools/matrix/"] };

module.exports = {
  // A global option: jest ignores testTimeout inside projects. Integration tests start processes.
  testTimeout: 30000,
  reporters: ["default", "<rootDir>/test/support/summaryReporter.js"],
  projects: [
    { ...common, displayName: "unit", testMatch: ["<rootDir>/test/unit/**/*.test.ts"] },
    {
      ...common,
      displayName: "integration",
      testMatch: ["<rootDir>/test/integration/**/*.test.ts"],
      // A throwaway PostgreSQL server on loopback for the PostgreSQL store's tests.
      globalSetup: "<rootDir>/test/support/postgresGlobalSetup.ts",
      globalTeardown: "<rootDir>/test/support/postgresGlobalTeardown.ts",
    },
  ],
};
