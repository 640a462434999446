import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests start @oichat/server in-process; better-sqlite3's native finalizers abort the process
    // when vitest tears down an isolated module context that still holds statements.
    isolate: false,
    // Each file starts its own server; two workers match the 2-core machines this runs on.
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
