/**
 * Several stateless nodes as one: three server processes on one PostgreSQL and one Redis. Every
 * client receives every message of its rooms exactly once and in order, whichever node it is on
 * and whichever node took the message, also when a node is killed mid-stream (its clients move
 * to another) and when Redis restarts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OiChat } from '@oichat/server-sdk';
import { SignedClient } from '../helpers/signed-client.js';
import { clusterUnavailable, RoomFollower, startNode, TestCluster, TestRedis } from '../helpers/cluster.js';
import { freshPostgresDatabase, postgresUnavailable, withPgClient } from '../helpers/test-database.js';
import { TestSocket } from '../helpers/ws-client.js';
import { MIGRATION_NAMES } from '../../src/store/migrations/index.js';

const reason = clusterUnavailable() ?? (await postgresUnavailable());
if (reason) console.log(`[oichat] skipping the multi-node tests: ${reason}`);

const USERS = 6;
const MESSAGES = 300;

describe.skipIf(reason !== null)('a cluster of three nodes', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await TestCluster.start(3);
  }, 60_000);
  afterAll(() => cluster?.stop());

  it('delivers every message once and in order across nodes, through a node crash and a Redis restart', {
    timeout: 120_000,
  }, async () => {
    const backends = cluster.nodes.map((n) => new SignedClient(n.url, cluster.credentials));
    const sdks = cluster.nodes.map(
      (n) =>
        new OiChat({
          apiKey: cluster.credentials.api_key,
          secretKey: cluster.credentials.secret_key,
          projectId: cluster.credentials.project_id,
          baseUrl: n.url,
        }),
    );
    const users = Array.from({ length: USERS }, (_, i) => `member-${i}`);
    const room = await sdks[0]!.rooms.create({ type: 'group', participants: users });
    const apps = await Promise.all(
      users.map(async (u, i) => {
        const { token } = await sdks[i % 3]!.auth.createToken({ user_id: u });
        const app = new RoomFollower(cluster, token, room.room_id, i % 3);
        await app.connect();
        return app;
      }),
    );
    await Promise.all(apps.map((a) => a.socket!.waitFor((f) => f.type === 'ready')));

    const alive = new Set([0, 1, 2]);
    for (let i = 1; i <= MESSAGES; i++) {
      const via = [...alive][i % alive.size]!;
      // Alternate the raw REST API and the server SDK, and the node that takes the message.
      if (i % 2 === 0) {
        const res = await backends[via]!.post('/v1/messages', {
          room_id: room.room_id,
          sender_id: 'system',
          content: `m${i}`,
        });
        expect(res.status).toBe(201);
      } else {
        await sdks[via]!.messages.send({ room_id: room.room_id, sender_id: 'system', content: `m${i}` });
      }
      if (i === 100) {
        await cluster.nodes[2]!.kill();
        alive.delete(2);
      }
      if (i === 200) {
        await cluster.redis.stop();
        await cluster.redis.start();
      }
    }

    const expected = Array.from({ length: MESSAGES }, (_, i) => i + 1);
    await expect
      .poll(() => apps.every((a) => a.seqs.length >= MESSAGES), { timeout: 30_000, interval: 100 })
      .toBe(true);
    for (const app of apps) expect(app.seqs).toEqual(expected);
    // The clients of the killed node moved to another node.
    expect(apps.filter((a) => a.moves > 0).length).toBeGreaterThanOrEqual(2);
    for (const app of apps) app.close();
  });

  it('numbers concurrent sends through every node 1..n with no gap and no repeat', { timeout: 30_000 }, async () => {
    const live = cluster.nodes.filter((n) => n.child.exitCode === null && n.child.signalCode === null);
    const clients = live.map((n) => new SignedClient(n.url, cluster.credentials));
    const room = (await clients[0]!.post('/v1/rooms', { type: 'group', participants: ['c-a', 'c-b'] })).body;
    const PER_NODE = 40;
    const sends = clients.flatMap((client, n) =>
      Array.from({ length: PER_NODE }, (_, i) =>
        client.post('/v1/messages', { room_id: room.room_id, sender_id: 'system', content: `n${n}-${i}` }),
      ),
    );
    const results = await Promise.all(sends);
    for (const res of results) expect(res.status, JSON.stringify(res.body)).toBe(201);
    const seqs = results.map((r) => r.body.seq as number).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: clients.length * PER_NODE }, (_, i) => i + 1));
  });

  it('holds a project to one rate limit across nodes, and lets requests through while Redis is down', {
    timeout: 30_000,
  }, async () => {
    const LIMIT = 6;
    const limited = await Promise.all([
      cluster.startNode({ rateLimit: LIMIT }),
      cluster.startNode({ rateLimit: LIMIT }),
    ]);
    cluster.extraNodes.push(...limited);
    const credentials = cluster.createProject('limited');
    const clients = limited.map((n) => new SignedClient(n.url, credentials));
    for (let i = 0; i < LIMIT; i++) {
      const res = await clients[i % 2]!.get('/v1/rooms?user_id=u');
      expect(res.status, `request ${i + 1} via node ${i % 2}`).toBe(200);
    }
    for (const client of clients) {
      const res = await client.get('/v1/rooms?user_id=u');
      expect(res.status).toBe(429);
      expect(res.body.error.code).toBe('rate_limited');
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    }
    // Without Redis the limit lapses; chat keeps working instead of failing every request.
    await cluster.redis.stop();
    try {
      await expect
        .poll(async () => (await clients[0]!.get('/v1/rooms?user_id=u')).status, { timeout: 10_000 })
        .toBe(200);
      const sent = await clients[1]!.post('/v1/rooms', { type: 'group', participants: ['r-a', 'r-b'] });
      expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    } finally {
      await cluster.redis.start();
      // Every node, not one: the next test may use any of them.
      await cluster.ready();
    }
  });

  it('honours membership changes made on another node while Redis is down', { timeout: 60_000 }, async () => {
    const [n0, n1] = [cluster.nodes[0]!, cluster.nodes[1]!];
    const backend = new SignedClient(n0.url, cluster.credentials);
    const sdk = new OiChat({
      apiKey: cluster.credentials.api_key,
      secretKey: cluster.credentials.secret_key,
      projectId: cluster.credentials.project_id,
      baseUrl: n0.url,
    });
    const left = await sdk.rooms.create({ type: 'group', participants: ['mover', 'stayer'] });
    const { token } = await sdk.auth.createToken({ user_id: 'mover' });
    const mover = await TestSocket.connect(n1.url, token);
    await cluster.redis.stop();
    let joinedId: string;
    try {
      // Changes on node 0 that node 1 cannot hear of: the mover leaves one room and joins another.
      expect((await backend.call('DELETE', `/v1/rooms/${left.room_id}/participants/mover`)).status).toBe(200);
      joinedId = (await sdk.rooms.create({ type: 'group', participants: ['mover', 'stayer'] })).room_id;
      await sdk.messages.send({ room_id: left.room_id, sender_id: 'stayer', content: 'after you left' });
      // Node 1's periodic check sees the room move on, finds the mover gone, and stops there.
      const removed = await mover.waitFor(
        (f) => f.type === 'participant.removed' && f.room_id === left.room_id,
        10_000,
      );
      expect(removed.user_id).toBe('mover');
    } finally {
      await cluster.redis.start();
    }
    // Back on Redis, node 1 catches up on the room joined meanwhile, and follows it from now on.
    const added = await mover.waitFor((f) => f.type === 'participant.added' && f.room_id === joinedId, 15_000);
    expect(added).toMatchObject({ user_id: 'mover', room: { room_id: joinedId } });
    expect(added.room).not.toHaveProperty('participants'); // the frame carries the change (docs/realtime.md)
    await sdk.messages.send({ room_id: joinedId, sender_id: 'stayer', content: 'welcome' });
    const welcome = await mover.waitFor((f) => f.type === 'message.created' && f.room_id === joinedId, 10_000);
    expect(welcome.message.content).toBe('welcome');
    expect(mover.of('message.created').filter((f) => f.room_id === left.room_id)).toEqual([]);
    mover.close();
    await cluster.ready();
  });

  it('takes the users of a node that died offline, and knows who is online after Redis restarts', {
    timeout: 60_000,
  }, async () => {
    const [n0, n1] = [cluster.nodes[0]!, cluster.nodes[1]!];
    const sdk = new OiChat({
      apiKey: cluster.credentials.api_key,
      secretKey: cluster.credentials.secret_key,
      projectId: cluster.credentials.project_id,
      baseUrl: n0.url,
    });
    await sdk.rooms.create({ type: 'group', participants: ['observer', 'ghost', 'steady', 'newcomer'] });
    const tokenOf = async (user: string) => (await sdk.auth.createToken({ user_id: user })).token;
    const doomed = await cluster.startNode();
    cluster.extraNodes.push(doomed);
    const observer = await TestSocket.connect(n0.url, await tokenOf('observer'));
    const steady = await TestSocket.connect(n1.url, await tokenOf('steady'));
    await TestSocket.connect(doomed.url, await tokenOf('ghost'));
    await observer.waitFor((f) => f.type === 'presence' && f.user_id === 'ghost' && f.state === 'online');
    await doomed.kill();
    await observer.waitFor((f) => f.type === 'presence' && f.user_id === 'ghost' && f.state === 'offline', 10_000);

    // Redis keeps nothing: after a restart the nodes announce again who is connected to them.
    await cluster.redis.stop();
    await cluster.redis.start();
    await cluster.ready();
    await expect
      .poll(
        async () => {
          const probe = await TestSocket.connect(n0.url, await tokenOf('newcomer'));
          probe.close();
          return probe.of('ready')[0]?.online_users;
        },
        { timeout: 10_000, interval: 200 },
      )
      .toEqual(['observer', 'steady']);
    observer.close();
    steady.close();
  });

  it('reports Redis trouble in /readyz and recovers', { timeout: 30_000 }, async () => {
    const node = cluster.nodes[0]!;
    expect((await fetch(`${node.url}/readyz`)).status).toBe(200);
    await cluster.redis.stop();
    await expect.poll(async () => (await fetch(`${node.url}/readyz`)).status, { timeout: 10_000 }).toBe(503);
    const body = await (await fetch(`${node.url}/readyz`)).json();
    expect(body).toEqual({ status: 'unavailable', reason: 'redis' });
    await cluster.redis.start();
    await cluster.ready();
  });

  it('keeps a user online while they are still connected to another node', { timeout: 30_000 }, async () => {
    const [n0, n1] = [cluster.nodes[0]!, cluster.nodes[1]!];
    const sdk = new OiChat({
      apiKey: cluster.credentials.api_key,
      secretKey: cluster.credentials.secret_key,
      projectId: cluster.credentials.project_id,
      baseUrl: n0.url,
    });
    const tokenOf = async (user: string) => (await sdk.auth.createToken({ user_id: user })).token;
    await sdk.rooms.create({ type: 'group', participants: ['watcher', 'roamer', 'marker'] });
    const watcher = await TestSocket.connect(n0.url, await tokenOf('watcher'));
    const roamerToken = await tokenOf('roamer');
    const phone = await TestSocket.connect(n0.url, roamerToken);
    // The laptop's node learns who is online from Redis: wait until it knows the watcher (what
    // the assertion below needs), not merely until some node answers /readyz.
    let laptop!: TestSocket;
    await expect
      .poll(
        async () => {
          laptop?.close();
          laptop = await TestSocket.connect(n1.url, roamerToken);
          return laptop.of('ready')[0]?.online_users;
        },
        { timeout: 10_000, interval: 100 },
      )
      .toEqual(['watcher']);
    await watcher.waitFor((f) => f.type === 'presence' && f.user_id === 'roamer' && f.state === 'online');
    laptop.close();
    await laptop.closed;
    // A marker through the same node and Redis: it comes online after the laptop closed, so
    // an offline for the roamer from that close would have reached the watcher before it.
    const marker = await TestSocket.connect(n1.url, await tokenOf('marker'));
    await watcher.waitFor((f) => f.type === 'presence' && f.user_id === 'marker' && f.state === 'online');
    expect(watcher.of('presence').filter((f) => f.user_id === 'roamer' && f.state === 'offline')).toEqual([]);
    phone.close();
    await watcher.waitFor((f) => f.type === 'presence' && f.user_id === 'roamer' && f.state === 'offline');
    marker.close();
    watcher.close();
  });
});

describe.skipIf(reason !== null)('nodes starting at once on an empty database', () => {
  it('migrate it once and create one default project between them', { timeout: 60_000 }, async () => {
    const db = await freshPostgresDatabase();
    const redis = await TestRedis.start();
    const nodes = await Promise.all([0, 1, 2].map(() => startNode(db.url, redis.url)));
    try {
      for (const node of nodes) expect((await fetch(`${node.url}/readyz`)).status).toBe(200);
      const creators = nodes.filter((n) => n.output().includes('Created project "default"'));
      expect(creators).toHaveLength(1);
      await withPgClient(db.url, async (client) => {
        const projects = await client.query('select name from projects');
        expect(projects.rows).toEqual([{ name: 'default' }]);
        const migrations = await client.query('select name from kysely_migration order by name');
        // Each migration once, whichever node ran it.
        expect(migrations.rows.map((r) => r.name)).toEqual([...MIGRATION_NAMES]);
        expect(MIGRATION_NAMES[0]).toBe('0001_initial');
      });
    } finally {
      await Promise.all(nodes.map((n) => n.kill()));
      await redis.stop();
      await db.drop();
    }
  });
});
