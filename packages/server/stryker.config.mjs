// Mutation testing (`npm run mutate`, not part of npm test or CI: it is slow). Mutates the modules
// that hold the configuration, auth and protocol rules and runs the in-process tests of
// vitest.stryker.config.ts that cover each mutant. Results: reports/mutation/ (docs/testing.md).
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.stryker.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: [
    'src/config.ts',
    'src/services/cursor.ts',
    'src/services/json-rules.ts',
    'src/http/backend-auth.ts',
    'src/http/user-auth.ts',
    'src/http/idempotent.ts',
    'src/crypto/request-signature.ts',
    'src/crypto/webhook-signature.ts',
  ],
  coverageAnalysis: 'perTest',
  // A mutant in a value computed once at load (a module-level constant) is not covered by one test
  // but by all of them: here they are skipped, and the modules made of such values (the limits)
  // have their own run with a narrower set of tests, stryker.limits.config.mjs.
  ignoreStatic: true,
  // One mutant at a time: the machine is shared, and the tests start servers of their own.
  concurrency: 1,
  timeoutMS: 20_000,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  // Stryker reads tsconfig.json through the TypeScript JS API, which TypeScript 7 no longer ships;
  // vitest compiles the tests itself, so there is nothing for it to rewrite.
  tsconfigFile: 'no-tsconfig-for-stryker.json',
  // Two levels below the root, as the package is: its tsconfig extends ../../tsconfig.base.json.
  tempDirName: '../../.stryker-tmp',
  cleanTempDir: true,
};
