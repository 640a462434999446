/**
 * What must hold across the nodes of a cluster (two servers on one PostgreSQL and one Redis):
 * a signed request taken by one node is refused as a replay by the other, and an end user's
 * budgets are counted once for the cluster, not once per node. While Redis is down neither
 * fails requests: each node falls back on its own set and counters.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { closeInProcessCluster, clusterUnavailable, TestRedis } from '../helpers/cluster.js';
import { signV2, type Credentials } from '../helpers/signed-client.js';
import { freshPostgresDatabase, postgresUnavailable, type TestDatabase } from '../helpers/test-database.js';
import { userFetch } from '../helpers/user-fetch.js';

const reason = clusterUnavailable() ?? (await postgresUnavailable());
if (reason) console.log(`[oichat] skipping the limits-across-nodes tests: ${reason}`);

const MESSAGES = 6;

describe.skipIf(reason !== null)('limits across nodes', () => {
  let db: TestDatabase;
  let redis: TestRedis;
  const nodes: RunningServer[] = [];
  let credentials: Credentials;
  let roomId: string;
  let token: string;
  const savedKey = process.env.OICHAT_MASTER_KEY;

  beforeAll(async () => {
    process.env.OICHAT_MASTER_KEY = 'd4'.repeat(32);
    db = await freshPostgresDatabase();
    redis = await TestRedis.start();
    for (let i = 0; i < 2; i++) {
      const config = resolveConfig(
        {
          port: 0,
          host: '127.0.0.1',
          database: db.url,
          redis: redis.url,
          publicUrl: 'http://chat.cluster.test',
          rateLimit: 0,
        },
        { OICHAT_USER_MESSAGE_LIMIT: String(MESSAGES) },
      );
      nodes.push(await startServer(config, { logger: false }));
    }
    credentials = await nodes[0]!.services.projects.create('cluster');
    const ctx = { projectId: credentials.project_id };
    roomId = (await nodes[0]!.services.rooms.create(ctx, { type: 'group', participants: ['ann', 'ben'] })).room.room_id;
    token = (await nodes[0]!.services.tokens.createToken(credentials.project_id, { user_id: 'ann' })).token;
  });

  afterAll(async () => {
    if (savedKey === undefined) delete process.env.OICHAT_MASTER_KEY;
    else process.env.OICHAT_MASTER_KEY = savedKey;
    await closeInProcessCluster(nodes, redis, db);
  });

  /** One signed POST, sendable as it is to any node. */
  function captured(content: string) {
    const body = JSON.stringify({ room_id: roomId, sender_id: 'system', content });
    const timestamp = Math.floor(Date.now() / 1000).toString();
    const nonce = randomUUID();
    const headers = {
      'x-oichat-project-id': credentials.project_id,
      'x-oichat-api-key': credentials.api_key,
      'x-oichat-timestamp': timestamp,
      'x-oichat-nonce': nonce,
      'content-type': 'application/json',
      'x-oichat-signature': signV2(credentials.secret_key, {
        timestamp,
        nonce,
        method: 'POST',
        pathWithQuery: '/v1/messages',
        body,
      }),
    };
    return async (node: RunningServer) => {
      const res = await fetch(`${node.url}/v1/messages`, { method: 'POST', headers, body });
      return { status: res.status, body: (await res.json()) as any };
    };
  }

  async function count(content: string): Promise<number> {
    const page = await nodes[0]!.services.messages.history({ projectId: credentials.project_id }, roomId, {
      after: 0,
      limit: 100,
    });
    return page.data.filter((m) => m.content === content).length;
  }

  it('refuses on one node a request another node took', async () => {
    const send = captured('across nodes');
    expect((await send(nodes[0]!)).status).toBe(201);
    const replayed = await send(nodes[1]!);
    expect(replayed.status).toBe(401);
    expect(replayed.body.error.code).toBe('replayed_request');
    expect(await count('across nodes')).toBe(1);
  });

  it("counts a user's messages once for the cluster, whichever node takes them", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < MESSAGES + 2; i++) {
      const node = nodes[i % 2]!;
      const res = await userFetch(node.url, token, `/v1/me/rooms/${roomId}/messages`, {
        body: { content: `budget ${i}` },
      });
      await res.text();
      statuses.push(res.status);
    }
    expect(statuses).toEqual([...Array(MESSAGES).fill(201), 429, 429]);
  });

  it('keeps refusing replays to the same node and answering requests while Redis is down', async () => {
    await redis.stop();
    try {
      const send = captured('redis down');
      expect((await send(nodes[1]!)).status).toBe(201);
      expect((await send(nodes[1]!)).body.error.code).toBe('replayed_request');
      const other = await nodes[0]!.services.tokens.createToken(credentials.project_id, { user_id: 'ben' });
      const res = await userFetch(nodes[0]!.url, other.token, `/v1/me/rooms/${roomId}/messages`, {
        body: { content: 'while redis is down' },
      });
      expect(res.status).toBe(201);
    } finally {
      await redis.start();
    }
  });
});
