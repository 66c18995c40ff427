// Two projects: unit tests are pure and fast; integration tests start real
// processes and loopback servers. `npx jest --selectProjects unit` runs one.
const tsJest = ["ts-jest", { tsconfig: "tsconfig.json" }];
const common = { testEnvironment: "node", transform: { "^.+\\.ts$": tsJest } };

module.exports = {
  reporters: ["default", "<rootDir>/test/support/summaryReporter.js"],
  projects: [
    { ...common, displayName: "unit", testMatch: ["<rootDir>/test/unit/**/*.test.ts"] },
    {
      ...common,
      displayName: "integration",
      testMatch: ["<rootDir>/test/integration/**/*.test.ts"],
      testTimeout: 60000,
    },
  ],
};
