// The backends a test can run against: the suite's own server (a SQLite file, attachments on
// disk), and a server of the test file's own on PostgreSQL with an S3-compatible bucket (cluster
// mode: a fresh database and a local S3 server) when OICHAT_TEST_POSTGRES_URL reaches PostgreSQL.
// Each says why it cannot run here, for the test to print as it skips.

import type { OiChat } from '../../src/index.ts';
import { makeClient, server } from './env.ts';
import { startServer } from './server.ts';

export interface Backend {
  name: string;
  /** Why it cannot run here; null when it can. */
  unavailable: string | null;
  /** Starts it (the suite's server is already running): clients of its projects 0 and 1, and how to stop it. */
  start(): Promise<{ client(project: number): OiChat; stop(): Promise<void> }>;
}

// pg and s3rver are loaded only by the files that ask for backends, never by the others.
const cluster = () => import('../../../server/test/helpers/postgres-s3.ts');
const postgres = () => import('../../../server/test/helpers/postgres-database.ts');

export async function backends(): Promise<Backend[]> {
  return [
    {
      name: 'SQLite + disk',
      unavailable: server.available ? null : server.reason,
      start: async () => ({ client: (project) => makeClient({ project }), stop: async () => {} }),
    },
    {
      name: 'PostgreSQL + S3',
      unavailable: await (await postgres()).postgresUnavailable(),
      start: async () => {
        const made = await (await cluster()).startPostgresS3();
        if (!made.available) throw new Error(`PostgreSQL + S3: ${made.reason}`);
        const running = await startServer({ projects: 2, database: made.database, env: made.env }).catch(
          async (err: unknown) => {
            await made.close();
            throw err;
          },
        );
        return {
          client: (project) => {
            const creds = running.projects[project]!;
            return makeClient({ ...creds, baseUrl: running.baseUrl });
          },
          stop: async () => {
            await running.stop();
            await made.close();
          },
        };
      },
    },
  ];
}
