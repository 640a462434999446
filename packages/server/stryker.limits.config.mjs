// Mutation testing of the limits (`npm run mutate`, after stryker.config.mjs): the numbers the
// API and the realtime protocol promise. They are module-level values, so each mutant is tested
// by every test of vitest.stryker-limits.config.ts, the ones that check limits at their defaults.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.stryker-limits.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: ['src/services/limits.ts', 'src/realtime/protocol.ts', 'src/services/webhook-dispatcher.ts:31-57'],
  coverageAnalysis: 'perTest',
  // One mutant at a time: the machine is shared, and the tests start servers of their own.
  concurrency: 1,
  timeoutMS: 20_000,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/limits.html' },
  jsonReporter: { fileName: 'reports/mutation/limits.json' },
  // Stryker reads tsconfig.json through the TypeScript JS API, which TypeScript 7 no longer ships;
  // vitest compiles the tests itself, so there is nothing for it to rewrite.
  tsconfigFile: 'no-tsconfig-for-stryker.json',
  // Two levels below the root, as the package is: its tsconfig extends ../../tsconfig.base.json.
  tempDirName: '../../.stryker-tmp',
  cleanTempDir: true,
};
