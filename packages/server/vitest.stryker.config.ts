import { defineConfig } from 'vitest/config';

/**
 * The tests `npm run mutate` runs against each mutant (stryker.config.mjs): the in-process ones
 * on SQLite aimed at the mutated modules (configuration, request auth, tokens, idempotency,
 * cursors, JSON rules, signatures). Nearly every test signs a request, so a wider set would run
 * nearly the whole suite per mutant; CLI and cluster tests run the built dist/, which mutants
 * never reach.
 */
export default defineConfig({
  test: {
    include: [
      'test/config.test.ts',
      'test/http/backend-auth.test.ts',
      'test/http/errors.test.ts',
      'test/http/hostile-input.test.ts',
      'test/http/idempotency.test.ts',
      'test/http/lifetimes.test.ts',
      'test/routes/auth.routes.test.ts',
      'test/routes/me.routes.test.ts',
      'test/routes/rooms-list.routes.test.ts',
      'test/realtime/limits.test.ts',
      'test/services/idempotency.service.test.ts',
      'test/services/webhook-defaults.test.ts',
    ],
    env: { OICHAT_TEST_DIALECT: 'sqlite' },
    testTimeout: 30_000,
    hookTimeout: 30_000,
    isolate: false,
  },
});
