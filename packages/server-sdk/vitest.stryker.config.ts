import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** What `npm run mutate` runs per mutant: the suite without the built-package and README-example checks. */
export default defineConfig({
  resolve: { alias: { '@oichat/server-sdk': fileURLToPath(new URL('./src/index.ts', import.meta.url)) } },
  test: {
    include: ['test/core/*.test.ts', 'test/resources/*.test.ts', 'test/client.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
