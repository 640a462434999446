/**
 * The database a test runs on: in-memory SQLite, or (in the postgres run of the suite) a fresh
 * PostgreSQL database per test server, dropped afterwards.
 */
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { freshPostgresDatabase, type TestDatabase } from './postgres-database.js';

export { freshPostgresDatabase, postgresUnavailable, withPgClient } from './postgres-database.js';
export type { TestDatabase } from './postgres-database.js';

export const TEST_DIALECT = process.env.OICHAT_TEST_DIALECT === 'postgres' ? 'postgres' : 'sqlite';

export async function freshDatabase(): Promise<TestDatabase> {
  if (TEST_DIALECT === 'sqlite') return { url: ':memory:', drop: async () => {} };
  return freshPostgresDatabase();
}

/** A migrated store on a fresh database; closing it drops the database. */
export async function openTestStore(): Promise<Store> {
  const db = await freshDatabase();
  const store = await openStore(db.url);
  const close = store.close.bind(store);
  store.close = async () => {
    try {
      await close();
    } finally {
      await db.drop();
    }
  };
  return store;
}
