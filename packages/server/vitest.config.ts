import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // better-sqlite3's native finalizers abort the process when vitest tears down an isolated
    // module context that still holds statements; test files share one context per worker instead.
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
