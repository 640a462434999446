// Mutation testing (`npm run mutate`, not part of npm test or CI: it is slow): the SDK's
// configuration rules, request signing, webhook verification and its retry and timeout policy,
// against the tests of vitest.stryker.config.ts. Results: reports/mutation/ (docs/testing.md).
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.stryker.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: ['src/core/config.ts', 'src/core/signing.ts', 'src/core/webhook-verify.ts', 'src/core/request.ts'],
  coverageAnalysis: 'perTest',
  // Module-level values are covered by every test rather than one; the run would take hours.
  ignoreStatic: true,
  concurrency: 1,
  timeoutMS: 20_000,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  // Stryker reads tsconfig.json through the TypeScript JS API, which TypeScript 7 no longer ships.
  tsconfigFile: 'no-tsconfig-for-stryker.json',
  // Two levels below the root, as the package is (its tests find the server build from there).
  tempDirName: '../../.stryker-tmp-server-sdk',
  cleanTempDir: true,
};
