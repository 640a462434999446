import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const react18 = (p: string) => fileURLToPath(new URL(`../ui-react-react18/node_modules/${p}`, import.meta.url));

const shared = {
  // Tests start @oichat/server in-process; better-sqlite3's native finalizers abort the process
  // when vitest tears down an isolated module context that still holds statements.
  isolate: false,
  testTimeout: 30_000,
  hookTimeout: 60_000,
};

export default defineConfig({
  test: {
    maxWorkers: 2,
    projects: [
      {
        test: {
          ...shared,
          name: 'node',
          environment: 'node',
          include: ['test/core/**/*.test.ts', 'test/package/**/*.test.{ts,tsx}'],
        },
      },
      {
        test: { ...shared, name: 'dom', environment: 'jsdom', include: ['test/components/**/*.test.tsx'] },
      },
      {
        // The same server render and component tests on React 18.3 (the other peer version).
        resolve: {
          alias: [
            { find: /^react$/, replacement: react18('react/index.js') },
            { find: /^react\/jsx-runtime$/, replacement: react18('react/jsx-runtime.js') },
            { find: /^react\/jsx-dev-runtime$/, replacement: react18('react/jsx-dev-runtime.js') },
            { find: /^react-dom$/, replacement: react18('react-dom/index.js') },
            { find: /^react-dom\/client$/, replacement: react18('react-dom/client.js') },
            { find: /^react-dom\/server$/, replacement: react18('react-dom/server.node.js') },
            { find: /^react-dom\/test-utils$/, replacement: react18('react-dom/test-utils.js') },
            // Its ESM build, so that its own imports of react-dom go through the aliases above.
            {
              find: /^@testing-library\/react$/,
              replacement: fileURLToPath(
                new URL(
                  '../../node_modules/@testing-library/react/dist/@testing-library/react.esm.js',
                  import.meta.url,
                ),
              ),
            },
          ],
        },
        test: {
          ...shared,
          name: 'react18',
          environment: 'jsdom',
          include: [
            'test/components/chat.test.tsx',
            'test/components/message-features.test.tsx',
            'test/package/ssr.test.tsx',
          ],
          env: { OICHAT_TEST_REACT: '18' },
          server: { deps: { inline: [/@testing-library\/react/] } },
        },
      },
      {
        test: {
          ...shared,
          name: 'browser',
          environment: 'node',
          include: ['test/browser/**/*.test.ts'],
          testTimeout: 90_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
