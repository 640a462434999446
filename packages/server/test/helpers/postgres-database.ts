/**
 * Fresh PostgreSQL databases for tests, made and dropped through the server at
 * OICHAT_TEST_POSTGRES_URL. Only `pg`: the SDKs' tests use it too, without the server's source.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

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
