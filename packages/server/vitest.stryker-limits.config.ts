import { defineConfig } from 'vitest/config';

/** The tests that check the promised limits at their defaults: what `stryker.limits.config.mjs` runs per mutant. */
export default defineConfig({
  test: {
    include: [
      'test/realtime/limits.test.ts',
      'test/http/lifetimes.test.ts',
      'test/http/hostile-input.test.ts',
      'test/http/errors.test.ts',
      'test/services/webhook-defaults.test.ts',
      'test/routes/rooms.routes.test.ts',
      'test/routes/rooms-list.routes.test.ts',
      'test/routes/messages.routes.test.ts',
      'test/routes/auth.routes.test.ts',
    ],
    env: { OICHAT_TEST_DIALECT: 'sqlite' },
    testTimeout: 30_000,
    hookTimeout: 30_000,
    isolate: false,
  },
});
