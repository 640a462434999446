/**
 * What holds across the node processes of a cluster (docs/deployment.md, docs/webhooks.md,
 * docs/http-api.md): webhooks go out from any node, in order per room, and a re-send asked of
 * one node while another is sending goes out once, after that attempt; an Idempotency-Key holds
 * across nodes; and a rolling restart (SIGTERM to one node) loses and repeats nothing for the
 * clients it had, and exits 0.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterUnavailable, RoomFollower, TestCluster } from '../helpers/cluster.js';
import { SignedClient } from '../helpers/signed-client.js';
import { postgresUnavailable } from '../helpers/test-database.js';
import { startReceiver, type Receiver } from '../helpers/webhook-receiver.js';

const reason = clusterUnavailable() ?? (await postgresUnavailable());
if (reason) console.log(`[oichat] skipping the cluster node tests: ${reason}`);

describe.skipIf(reason !== null)('a cluster of node processes', () => {
  let cluster: TestCluster;
  let clients: SignedClient[];
  let receiver: Receiver | undefined;
  beforeAll(async () => {
    cluster = await TestCluster.start(3, {
      webhooksAllowPrivate: true,
      // Retries a tenth of a second apart: a failed attempt is tried again at once.
      env: { OICHAT_WEBHOOK_RETRY_SCHEDULE: Array(20).fill('0.1').join(',') },
    });
    clients = cluster.nodes.map((n) => new SignedClient(n.url, cluster.credentials));
  }, 60_000);
  afterAll(async () => {
    await receiver?.close();
    await cluster?.stop();
  });

  /** An endpoint of a new project for the receiver, and that project's clients on each node. */
  async function endpointFor(respond: Receiver['respond'], eventTypes: string[]) {
    await receiver?.close();
    receiver = await startReceiver({ respond });
    const credentials = cluster.createProject(`hooks-${randomUUID()}`);
    const perNode = cluster.nodes.filter((n) => n.alive).map((n) => new SignedClient(n.url, credentials));
    const created = await perNode[0]!.post('/v1/webhooks', { url: receiver.url, event_types: eventTypes });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return { perNode, endpointId: created.body.endpoint_id as string, receiver };
  }

  it('delivers the events of changes made on every node, each room in order, through failed attempts', {
    timeout: 60_000,
  }, async () => {
    // Every third event fails its first attempt: the room's next one must wait for its retry.
    const failed = new Set<string>();
    const { perNode, receiver } = await endpointFor(
      (req) => {
        if (req.json.type === 'message.created' && req.json.data.message.seq % 3 === 0 && !failed.has(req.json.id)) {
          failed.add(req.json.id);
          return 500;
        }
        return 200;
      },
      ['message.created'],
    );
    const rooms: string[] = [];
    for (const i of [0, 1])
      rooms.push((await perNode[i]!.post('/v1/rooms', { type: 'group', participants: ['a', 'b'] })).body.room_id);
    const PER_ROOM = 12;
    for (let i = 0; i < PER_ROOM * 2; i++) {
      const res = await perNode[i % perNode.length]!.post('/v1/messages', {
        room_id: rooms[i % 2],
        sender_id: 'a',
        content: `m${i}`,
      });
      expect(res.status).toBe(201);
    }
    const got = await receiver.waitFor((all) => all.length >= PER_ROOM * 2, 30_000);
    for (const room of rooms) {
      const seqs = got.filter((r) => r.json.data.message.room_id === room).map((r) => r.json.data.message.seq);
      expect(seqs, room).toEqual(Array.from({ length: PER_ROOM }, (_, i) => i + 1));
    }
    expect(failed.size).toBe(8);
  });

  it('sends a re-send asked of one node while the event is in flight from another once more, after that attempt', {
    timeout: 60_000,
  }, async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let answeredAt = 0;
    const { perNode, endpointId, receiver } = await endpointFor(
      (_req, i) => (i === 0 ? { status: 200, release: held.then(() => (answeredAt = Date.now())) } : { status: 200 }),
      ['room.created', 'message.created'],
    );
    const room = (await perNode[0]!.post('/v1/rooms', { type: 'group', participants: ['a', 'b'] })).body.room_id;
    const [first] = await receiver.waitFor((all) => all.length === 1);
    const eventId = first!.json.id;
    // Asked of every node in turn while the first attempt waits for its answer.
    for (const client of perNode)
      expect((await client.post(`/v1/webhooks/${endpointId}/resend`, { event_id: eventId })).status).toBe(202);
    release();

    const [, again] = await receiver.waitFor((all) => all.length >= 2);
    expect(again!.json.id).toBe(eventId);
    expect(again!.at).toBeGreaterThanOrEqual(answeredAt);
    // A marker in the same room: it waits until the room's earlier delivery is done, so when it
    // arrives, any further copy of the re-sent event would have too.
    await perNode[1]!.post('/v1/messages', { room_id: room, sender_id: 'a', content: 'marker' });
    const all = await receiver.waitFor((got) => got.some((r) => r.json.type === 'message.created'));
    expect(all.map((r) => r.json.id)).toEqual([eventId, eventId, all[2]!.json.id]);
    expect(all[2]!.json.type).toBe('message.created');
    const attempts = (await perNode[2]!.get(`/v1/webhooks/${endpointId}/attempts`)).body.data;
    expect(
      attempts
        .filter((a: { event_id: string }) => a.event_id === eventId)
        .map((a: { status_code: number; delivery_status: string }) => [a.status_code, a.delivery_status]),
    ).toEqual([
      [200, 'delivered'],
      [200, 'delivered'],
    ]);
  });

  it('holds an Idempotency-Key across nodes: the same request sent to two nodes at once has one effect', {
    timeout: 30_000,
  }, async () => {
    const user = `idem-${randomUUID()}`;
    for (let i = 0; i < 10; i++) {
      const key = randomUUID();
      const body = { type: 'group', participants: [user, `agent-${i}`] };
      const [a, b] = await Promise.all([
        clients[0]!.post('/v1/rooms', body, { idempotencyKey: key }),
        clients[1]!.post('/v1/rooms', body, { idempotencyKey: key }),
      ]);
      expect([a.status, b.status], JSON.stringify([a.body, b.body])).toEqual([201, 201]);
      expect(b.body).toEqual(a.body);
      expect([a, b].filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(1);
      // The same key with another body, on the third node: refused, not run.
      const reused = await clients[2]!.post('/v1/rooms', { ...body, name: 'other' }, { idempotencyKey: key });
      expect(reused.status).toBe(422);
      expect(reused.body.error.code).toBe('idempotency_key_reused');
    }
    const rooms = (await clients[2]!.get(`/v1/rooms?user_id=${user}&limit=100`)).body.data;
    expect(rooms).toHaveLength(10);
  });

  it('survives a rolling restart: a SIGTERM node closes its sockets 1001, its clients resume elsewhere with nothing lost or repeated, and it exits 0', {
    timeout: 60_000,
  }, async () => {
    const users = ['r0', 'r1', 'r2', 'r3'];
    const room = (await clients[0]!.post('/v1/rooms', { type: 'group', participants: users })).body.room_id;
    // Every user on the node that will restart.
    const followers = await Promise.all(
      users.map(async (user) => {
        const { token } = (await clients[0]!.post('/v1/auth/token', { user_id: user })).body;
        const follower = new RoomFollower(cluster, token, room, 2);
        await follower.connect();
        await follower.socket!.waitFor((f) => f.type === 'ready');
        return follower;
      }),
    );
    const MESSAGES = 60;
    let stopped: Promise<{ code: number | null; signal: NodeJS.Signals | null }> | undefined;
    for (let i = 1; i <= MESSAGES; i++) {
      const res = await clients[i % 2]!.post('/v1/messages', { room_id: room, sender_id: 'system', content: `m${i}` });
      expect(res.status).toBe(201);
      if (i === 20) stopped = cluster.nodes[2]!.stop();
    }
    expect(await stopped).toEqual({ code: 0, signal: null });
    const expected = Array.from({ length: MESSAGES }, (_, i) => i + 1);
    await expect
      .poll(() => followers.every((f) => f.seqs.length >= MESSAGES), { timeout: 30_000, interval: 100 })
      .toBe(true);
    for (const f of followers) {
      expect(f.seqs).toEqual(expected);
      expect(f.moves).toBe(1);
      expect(f.lastClose?.code).toBe(1001);
      f.close();
    }
  });
});
