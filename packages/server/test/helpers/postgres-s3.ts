/**
 * What a server runs on in cluster mode, made for one test: a fresh PostgreSQL database and a
 * local S3-compatible bucket (s3rver), with the settings a server needs to use both; or why they
 * cannot be had here (OICHAT_TEST_POSTGRES_URL unset or unreachable), for the test to print as
 * it skips. The SDKs' tests start their servers on it too: it needs `pg` and s3rver, never the
 * server's source.
 */
import { randomBytes } from 'node:crypto';
import { freshPostgresDatabase, postgresUnavailable } from './postgres-database.js';
import { startLocalS3 } from './s3-server.js';

export type PostgresS3 =
  | {
      available: true;
      /** The database's URL: the server's --database. */
      database: string;
      /** The storage settings and the master key (PostgreSQL has no key file) a server needs. */
      env: Record<string, string>;
      /** Drops the database and stops the bucket's server; the servers on them must be stopped first. */
      close(): Promise<void>;
    }
  | { available: false; reason: string };

export async function startPostgresS3(): Promise<PostgresS3> {
  const reason = await postgresUnavailable();
  if (reason) return { available: false, reason };
  const db = await freshPostgresDatabase();
  const s3 = await startLocalS3().catch(async (err: unknown) => {
    await db.drop();
    throw err;
  });
  return {
    available: true,
    database: db.url,
    env: { ...s3.env, OICHAT_MASTER_KEY: randomBytes(32).toString('hex') },
    close: async () => {
      await Promise.all([db.drop(), s3.close()]);
    },
  };
}
