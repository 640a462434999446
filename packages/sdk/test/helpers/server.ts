/**
 * A real OiChat server in-process (in-memory SQLite with attachments on disk; or, for the tests
 * that run on each of BACKENDS, PostgreSQL with an S3-compatible bucket) and the backend-side calls tests need:
 * projects, user tokens (including ones that expire in a few seconds), rooms and messages, and
 * revocation through the backend API itself (a signed POST /v1/auth/revoke, as a backend sends it).
 */
import { createHash, createHmac } from 'node:crypto';
import { resolveConfig, startServer, type Message, type Room, type RunningServer } from '@oichat/server';
import { vi } from 'vitest';
import { postgresUnavailable } from '../../../server/test/helpers/postgres-database.js';
import { startPostgresS3 } from '../../../server/test/helpers/postgres-s3.js';

export interface TestServer {
  server: RunningServer;
  url: string;
  projectId: string;
  token(userId: string, opts?: { channels?: string[] }): Promise<string>;
  /** A token whose `exp` is `seconds` from now (issued, as far as the server knows, 24 h minus that ago). */
  tokenExpiringIn(userId: string, seconds: number): Promise<string>;
  room(participants: string[], name?: string): Promise<Room>;
  send(roomId: string, content: string, senderId?: string): Promise<Message>;
  history(roomId: string): Promise<Message[]>;
  revoke(userId: string): Promise<void>;
  close(): Promise<void>;
}

let users = 0;
/** User ids unique across the files sharing a worker (isolate: false), so presence never mixes. */
export const uniqueUser = (name: string) => `${name}-${process.pid}-${++users}`;

/**
 * What a server can run on: SQLite with attachments on disk (the default), and PostgreSQL with an
 * S3-compatible bucket (cluster mode: a fresh database and a local S3 server per test server),
 * which needs OICHAT_TEST_POSTGRES_URL to reach a PostgreSQL server.
 */
export const BACKENDS = ['SQLite + disk', 'PostgreSQL + S3'] as const;
export type BackendName = (typeof BACKENDS)[number];

/** Why a server cannot run on `backend` here (for the test to print as it skips); null when it can. */
export async function backendUnavailable(backend: BackendName): Promise<string | null> {
  return backend === 'PostgreSQL + S3' ? postgresUnavailable() : null;
}

/**
 * The server reads its master key from the process's environment as it starts (PostgreSQL needs
 * one); it is set for that moment only, so servers of other files in this worker are unaffected.
 */
async function startWithMasterKey<T>(key: string | undefined, start: () => Promise<T>): Promise<T> {
  if (key === undefined) return start();
  const before = process.env.OICHAT_MASTER_KEY;
  process.env.OICHAT_MASTER_KEY = key;
  try {
    return await start();
  } finally {
    if (before === undefined) delete process.env.OICHAT_MASTER_KEY;
    else process.env.OICHAT_MASTER_KEY = before;
  }
}

/** Starts a server on `on`; without it, on in-memory SQLite (or OICHAT_SDK_TEST_DATABASE). */
export async function startTestServer(on?: BackendName): Promise<TestServer> {
  const cluster = on === 'PostgreSQL + S3' ? await startPostgresS3() : null;
  if (cluster && !cluster.available) throw new Error(`cannot run on ${on}: ${cluster.reason}`);
  // OICHAT_SDK_TEST_DATABASE=postgres://… (an empty database; with OICHAT_MASTER_KEY) runs on PostgreSQL.
  const given = on === undefined ? process.env.OICHAT_SDK_TEST_DATABASE : undefined;
  const config = cluster
    ? resolveConfig({ port: 0, host: '127.0.0.1', database: cluster.database, rateLimit: 0 }, cluster.env)
    : resolveConfig(
        { port: 0, host: '127.0.0.1', database: given ?? ':memory:', rateLimit: 0 },
        given ? process.env : {},
      );
  const server = await startWithMasterKey(cluster?.env.OICHAT_MASTER_KEY, () =>
    startServer(config, { logger: false }),
  ).catch(async (err: unknown) => {
    await cluster?.close();
    throw err;
  });
  const { services } = server;
  const credentials = await services.projects.create('test');
  const projectId = credentials.project_id;
  /** A backend request signed as docs/http-api.md says ("Authentication"). */
  const backend = async (method: string, path: string, body: unknown) => {
    const text = JSON.stringify(body);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const digest = createHash('sha256').update(text).digest('hex');
    const signature = createHmac('sha256', credentials.secret_key)
      .update(['v1', timestamp, method, path, digest].join('\n'))
      .digest('hex');
    const res = await fetch(`${server.url}${path}`, {
      method,
      body: text,
      headers: {
        'content-type': 'application/json',
        'x-oichat-project-id': projectId,
        'x-oichat-api-key': credentials.api_key,
        'x-oichat-timestamp': timestamp,
        'x-oichat-signature': `v1=${signature}`,
      },
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const ctx = { projectId };
  return {
    server,
    url: server.url,
    projectId,
    async token(userId, opts = {}) {
      return (await services.tokens.createToken(projectId, { user_id: userId, channels: opts.channels ?? [] })).token;
    },
    async tokenExpiringIn(userId, seconds) {
      // Tokens live 24 h; faking only Date makes the server sign one issued almost 24 h ago.
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(Date.now() - 24 * 3600_000 + seconds * 1000);
      try {
        return (await services.tokens.createToken(projectId, { user_id: userId })).token;
      } finally {
        vi.useRealTimers();
      }
    },
    async room(participants, name) {
      return (await services.rooms.create(ctx, { type: 'group', participants, ...(name && { name }) })).room;
    },
    async send(roomId, content, senderId = 'system') {
      return (await services.messages.send(ctx, { room_id: roomId, sender_id: senderId, content })).message;
    },
    async history(roomId) {
      const all: Message[] = [];
      for (let after = 0; ; ) {
        const page = await services.messages.history(ctx, roomId, { after, limit: 100 });
        all.push(...page.data);
        if (!page.has_more || page.data.length === 0) return all;
        after = page.data.at(-1)!.seq;
      }
    },
    async revoke(userId) {
      await backend('POST', '/v1/auth/revoke', { user_id: userId });
    },
    async close() {
      try {
        await server.close();
      } finally {
        await cluster?.close();
      }
    },
  };
}
