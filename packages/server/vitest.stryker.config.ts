import { defineConfig } from 'vitest/config';

/**
 * The tests `npm run mutate` runs against each mutant (stryker.config.mjs): the in-process ones
 * on SQLite that exercise the mutated modules. CLI and cluster tests run the built dist/, which
 * mutants never reach, and the long realtime soaks would only slow each mutant down.
 */
export default defineConfig({
  test: {
    include: [
      'test/config.test.ts',
      'test/http/*.test.ts',
      'test/routes/*.test.ts',
      'test/realtime/limits.test.ts',
      'test/realtime/gateway.test.ts',
      'test/realtime/isolation.test.ts',
      'test/services/idempotency.service.test.ts',
      'test/services/webhook-defaults.test.ts',
    ],
    env: { OICHAT_TEST_DIALECT: 'sqlite' },
    testTimeout: 30_000,
    hookTimeout: 30_000,
    isolate: false,
  },
});
