import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Each file starts its own OiChat server and Next.js app; one at a time on a shared machine.
    fileParallelism: false,
    testTimeout: 60_000,
    // The first run may have to build the app (next build).
    hookTimeout: 240_000,
  },
});
