/**
 * Nodes keep the unsealed secrets of api keys in memory (services/secret-cache.ts); a key
 * rotated on one node with no grace period still stops working on every node at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { closeInProcessCluster, clusterUnavailable, TestRedis } from '../helpers/cluster.js';
import { SignedClient, type Credentials } from '../helpers/signed-client.js';
import { freshPostgresDatabase, postgresUnavailable, type TestDatabase } from '../helpers/test-database.js';

const reason = clusterUnavailable() ?? (await postgresUnavailable());
if (reason) console.log(`[oichat] skipping the key-rotation-across-nodes tests: ${reason}`);

describe.skipIf(reason !== null)('key rotation across nodes', () => {
  let db: TestDatabase;
  let redis: TestRedis;
  const nodes: RunningServer[] = [];
  let credentials: Credentials;
  const savedKey = process.env.OICHAT_MASTER_KEY;

  beforeAll(async () => {
    process.env.OICHAT_MASTER_KEY = 'e5'.repeat(32);
    db = await freshPostgresDatabase();
    redis = await TestRedis.start();
    for (let i = 0; i < 2; i++) {
      const config = resolveConfig(
        { port: 0, host: '127.0.0.1', database: db.url, redis: redis.url, publicUrl: 'http://chat.test', rateLimit: 0 },
        {},
      );
      nodes.push(await startServer(config, { logger: false }));
    }
    credentials = await nodes[0]!.services.projects.create('rotating');
  });

  afterAll(async () => {
    if (savedKey === undefined) delete process.env.OICHAT_MASTER_KEY;
    else process.env.OICHAT_MASTER_KEY = savedKey;
    await closeInProcessCluster(nodes, redis, db);
  });

  it('a key retired at once on one node is refused by the other, which had it cached', async () => {
    const old = new SignedClient(nodes[1]!.url, credentials);
    const body = { user_id: 'ann' };
    expect((await old.post('/v1/auth/token', body)).status).toBe(200);
    const rotated = await nodes[0]!.services.projects.rotateKeys(credentials.project_id, 0);
    const fresh = new SignedClient(nodes[1]!.url, { ...credentials, ...rotated! });
    const refused = await old.post('/v1/auth/token', body);
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('invalid_api_key');
    expect((await fresh.post('/v1/auth/token', body)).status).toBe(200);
  });
});
