/**
 * Starts the real server in-process on a random port with an in-memory database, with a
 * project and a signed client ready, and tears it all down.
 */
import { resolveConfig } from '../../src/config.js';
import type { Clock } from '../../src/services/clock.js';
import { startServer, type RunningServer } from '../../src/server.js';
import type { HostResolver } from '../../src/services/webhook-transport.js';
import { SignedClient, type Credentials } from './signed-client.js';
import { freshDatabase } from './test-database.js';

export interface TestServer {
  url: string;
  server: RunningServer;
  credentials: Credentials;
  client: SignedClient;
  /** Another project on the same server, with its own client. */
  newProject(name?: string): Promise<{ credentials: Credentials; client: SignedClient }>;
  close(): Promise<void>;
}

export interface TestServerOptions {
  rateLimit?: number;
  database?: string;
  /** Allow webhook endpoints on loopback (the test receivers). */
  webhooksAllowPrivate?: boolean;
  /** Extra environment for resolveConfig, e.g. OICHAT_WEBHOOK_RETRY_SCHEDULE. */
  env?: NodeJS.ProcessEnv;
  /** The server's clock (a ManualClock to move through lifetimes without waiting). */
  clock?: Clock;
  /** Stands in for DNS when the server resolves webhook target names. */
  webhookResolver?: HostResolver;
}

/**
 * Test servers log nothing except what a slow shutdown waits on: a teardown that times out then
 * shows which step held it (and, for HTTP, how many connections were still open).
 */
const SHUTDOWN_WAITS_ONLY = {
  level: 'warn',
  stream: {
    write(line: string) {
      if (line.includes('"msg":"shutdown still waiting"')) process.stderr.write(`test server: ${line}`);
    },
  },
};

export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
  const db = opts.database ? { url: opts.database, drop: async () => {} } : await freshDatabase();
  const config = resolveConfig(
    {
      port: 0,
      host: '127.0.0.1',
      database: db.url,
      rateLimit: opts.rateLimit ?? 0,
      webhooksAllowPrivate: opts.webhooksAllowPrivate ?? false,
    },
    opts.env ?? {},
  );
  const server = await startServer(config, {
    logger: SHUTDOWN_WAITS_ONLY,
    ...(opts.clock && { clock: opts.clock }),
    ...(opts.webhookResolver && { webhookResolver: opts.webhookResolver }),
  });
  const newProject = async (name = 'test') => {
    const credentials = await server.services.projects.create(name);
    return { credentials, client: new SignedClient(server.url, credentials) };
  };
  const first = await newProject();
  // A server that does not close fails the test (after the database is let go of all the same).
  const close = async () => {
    try {
      await server.close();
    } finally {
      await db.drop();
    }
  };
  return { url: server.url, server, ...first, newProject, close };
}

export const uniqueUser = (() => {
  let n = 0;
  return (prefix = 'user') => `${prefix}-${Date.now().toString(36)}-${++n}`;
})();
