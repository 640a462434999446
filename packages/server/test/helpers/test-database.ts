/**
 * The database a test runs on: in-memory SQLite, or (in the postgres run of the suite) a fresh
 * PostgreSQL database per test server, dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';

export const TEST_DIALECT = process.env.OICHAT_TEST_DIALECT === 'postgres' ? 'postgres' : 'sqlite';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** Runs fn with a client of the database at `url`, closed afterwards. */
export async function withPgClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {}); // a lost connection fails the query in hand, which is reported
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const admin = <T>(fn: (client: pg.Client) => Promise<T>) => withPgClient(process.env.OICHAT_TEST_POSTGRES_URL!, fn);

export async function freshDatabase(): Promise<TestDatabase> {
  if (TEST_DIALECT === 'sqlite') return { url: ':memory:', drop: async () => {} };
  return freshPostgresDatabase();
}

/** Why PostgreSQL tests cannot run here, or null when they can. */
export async function postgresUnavailable(): Promise<string | null> {
  const url = process.env.OICHAT_TEST_POSTGRES_URL;
  if (!url) return 'OICHAT_TEST_POSTGRES_URL is not set';
  try {
    await admin((c) => c.query('select 1'));
    return null;
  } catch (err) {
    return `cannot reach PostgreSQL: ${(err as Error).message}`;
  }
}

/** A new, empty PostgreSQL database (whichever run of the suite this is). */
export async function freshPostgresDatabase(): Promise<TestDatabase> {
  const name = `oichat_t_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(process.env.OICHAT_TEST_POSTGRES_URL!);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {}),
  };
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
