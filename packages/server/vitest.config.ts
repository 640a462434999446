import pg from 'pg';
import { defineConfig } from 'vitest/config';

/**
 * Two runs of the suite: on SQLite always, and on PostgreSQL when OICHAT_TEST_POSTGRES_URL
 * reaches a server (CI sets it; elsewhere the PostgreSQL run is skipped with the reason printed).
 * Tests that start the CLI on their own SQLite files run once.
 */
async function postgresUnavailable(): Promise<string | null> {
  const url = process.env.OICHAT_TEST_POSTGRES_URL;
  if (!url) return 'OICHAT_TEST_POSTGRES_URL is not set';
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (err) {
    return `cannot reach ${url.replace(/\/\/([^:/@]*):[^@]*@/, '//$1:***@')}: ${(err as Error).message}`;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Tests that bring their own databases (CLI processes on SQLite files, a PostgreSQL cluster) or need none (docs): run once. */
const RUN_ONCE = [
  'test/cli/**',
  'test/docs/**',
  'test/services/webhook-durability.test.ts',
  'test/cluster/**',
  'test/http/connection-surge.test.ts',
  'test/fuzz/**',
];

export default defineConfig(async () => {
  const reason = await postgresUnavailable();
  if (reason) console.log(`[oichat] skipping the PostgreSQL run of the server tests: ${reason}`);
  const shared = {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // better-sqlite3's native finalizers abort the process when vitest tears down an isolated
    // module context that still holds statements; test files share one context per worker instead.
    isolate: false,
  };
  return {
    test: {
      projects: [
        { test: { ...shared, name: 'sqlite', include: ['test/**/*.test.ts'], env: { OICHAT_TEST_DIALECT: 'sqlite' } } },
        ...(reason
          ? []
          : [
              {
                test: {
                  ...shared,
                  name: 'postgres',
                  include: ['test/**/*.test.ts'],
                  exclude: RUN_ONCE,
                  env: { OICHAT_TEST_DIALECT: 'postgres', OICHAT_MASTER_KEY: 'a1'.repeat(32) },
                },
              },
            ]),
      ],
    },
  };
});
