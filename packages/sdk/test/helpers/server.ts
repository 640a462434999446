/**
 * A real OiChat server in-process (in-memory SQLite) and the backend-side calls tests need:
 * projects, user tokens (including ones that expire in a few seconds), rooms and messages, and
 * revocation through the backend API itself (a signed POST /v1/auth/revoke, as a backend sends it).
 */
import { createHash, createHmac } from 'node:crypto';
import { resolveConfig, startServer, type Message, type Room, type RunningServer } from '@oichat/server';
import { vi } from 'vitest';

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

export async function startTestServer(): Promise<TestServer> {
  const server = await startServer(
    // OICHAT_SDK_TEST_DATABASE=postgres://… (an empty database; with OICHAT_MASTER_KEY) runs on PostgreSQL.
    resolveConfig(
      { port: 0, host: '127.0.0.1', database: process.env.OICHAT_SDK_TEST_DATABASE ?? ':memory:', rateLimit: 0 },
      process.env.OICHAT_SDK_TEST_DATABASE ? process.env : {},
    ),
    { logger: false },
  );
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
    close: () => server.close(),
  };
}
