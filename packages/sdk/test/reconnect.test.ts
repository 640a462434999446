/**
 * Losing the network: reconnect with backoff and resume (every message once, in order), sends
 * queued while offline and delivered once in order, and POSTs that fail or lose their answer
 * retried without duplicates. A TCP proxy stands in for the network; the server is real.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket as WsWebSocket } from 'ws';
import { OiChatClient, type Message } from '../src/index.js';
import { nextEvent, record, sleep, until } from './helpers/events.js';
import { startProxy, type NetworkProxy } from './helpers/proxy.js';
import { startTestServer, uniqueUser, type TestServer } from './helpers/server.js';

let t: TestServer;
let net: NetworkProxy;
const clients: OiChatClient[] = [];

beforeAll(async () => {
  t = await startTestServer();
  net = await startProxy(t.url);
});
afterEach(() => {
  for (const c of clients.splice(0)) c.disconnect();
  net.offline = false;
});
afterAll(async () => {
  await net.close();
  await t.close();
});

async function clientFor(
  userId: string,
  extra: Partial<ConstructorParameters<typeof OiChatClient>[0]> = {},
): Promise<OiChatClient> {
  const client = new OiChatClient({
    baseUrl: net.url,
    token: await t.token(userId),
    reconnect: { baseMs: 20, capMs: 200 },
    requestTimeoutMs: 2000,
    ...extra,
  });
  clients.push(client);
  return client;
}

/** Alice, connected, in a room with Bob: where most of these tests start. */
async function aliceConnected(extra: Parameters<typeof clientFor>[1] = {}) {
  const alice = uniqueUser('alice');
  const room = await t.room([alice, uniqueUser('bob')]);
  const client = await clientFor(alice, extra);
  await client.connect();
  return { room, client };
}

describe('reconnect and resume', () => {
  it('reconnects after the network drops, and replays what was sent meanwhile, once and in order', async () => {
    const { room, client } = await aliceConnected();
    const got = record(client, 'message.created');
    const states = record(client, 'connection.state');
    const readies = record(client, 'ready');

    await t.send(room.room_id, 'm1');
    await until(() => got.length === 1, 'm1');

    net.offline = true;
    net.drop();
    await until(() => client.state === 'reconnecting', 'reconnecting');
    for (let i = 2; i <= 4; i++) await t.send(room.room_id, `m${i}`);
    // A few refused attempts.
    await until(() => states.filter((s) => s.state === 'reconnecting').length >= 3, 'three refused attempts');
    net.offline = false;
    await until(() => got.length === 4, 'the missed messages', 5000);
    // A marker sent after: when it arrives, any copy of the replayed ones would have come before it.
    await t.send(room.room_id, 'm5');
    await until(() => got.some((e) => e.message.content === 'm5'), 'the marker');

    expect(got.map((e) => e.message.content)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    expect(readies.at(-1)).toMatchObject({ resumed: true });
    const reconnecting = states.filter((s) => s.state === 'reconnecting');
    expect(reconnecting.length).toBeGreaterThanOrEqual(2);
    expect(reconnecting.map((s) => s.attempt)).toEqual(reconnecting.map((_, i) => i + 1));
    for (const s of reconnecting) expect(s.delayMs).toBeLessThanOrEqual(200);
    expect(states.at(-1)).toMatchObject({ state: 'connected', previous: 'reconnecting' });
  });

  it('sees every message exactly once while the connection drops again and again under traffic', async () => {
    const { room, client } = await aliceConnected();
    const got = record(client, 'message.created');
    const readies = record(client, 'ready');

    let dropping = true;
    let sent = 0;
    const send = () => t.send(room.room_id, `m${++sent}`);
    const sending = (async () => {
      // Traffic for as long as the drops go on, then a little more: no drop lands on a quiet socket.
      while (dropping) {
        await send();
        if (sent % 4 === 0) await sleep(2);
      }
      for (let k = 0; k < 10; k++) await send();
    })();
    for (let drop = 0; drop < 5; drop++) {
      // Messages are arriving on this connection: the drop cuts a stream (counted, not timed).
      const seen = got.length;
      await until(() => got.length > seen, `traffic before drop ${drop + 1}`);
      const back = nextEvent(client, 'ready');
      // A dead network: both ends see a reset, no close handshake.
      net.drop();
      await back;
    }
    dropping = false;
    await sending;
    const total = sent;
    await until(() => got.length >= total, `all ${total} messages`, 10_000);
    expect(readies.map((r) => r.resumed)).toEqual([true, true, true, true, true]);
    await t.send(room.room_id, 'marker');
    await until(() => got.length > total, 'the marker');
    expect(got.map((e) => e.message.seq)).toEqual(Array.from({ length: total + 1 }, (_, i) => i + 1));
  });

  it('gives up on a socket whose pongs stopped (a network blackhole, no close), reconnects and resumes', async () => {
    // The socket as the client sees it, to count the pongs the server sends.
    let pongs = 0;
    class CountingWs extends WsWebSocket {
      constructor(url: string) {
        super(url);
        this.on('message', (data) => {
          if (JSON.parse(data.toString()).type === 'pong') pongs++;
        });
      }
    }
    const { room, client } = await aliceConnected({ pingIntervalMs: 200, pongTimeoutMs: 300, WebSocket: CountingWs });
    const got = record(client, 'message.created');
    const states = record(client, 'connection.state');
    const readies = record(client, 'ready');
    await t.send(room.room_id, 'm1');
    await until(() => got.length === 1, 'm1');
    // Idle but healthy: three pings answered, and the socket stays.
    await until(() => pongs >= 3, 'three answered pings');
    expect(states).toEqual([]);

    const accepted = net.accepted;
    net.blackhole();
    await t.send(room.room_id, 'm2');
    await t.send(room.room_id, 'm3');
    // A ping after pingIntervalMs of silence, no answer within pongTimeoutMs: dead. TCP itself
    // would have noticed nothing for minutes (and the test would time out here).
    await until(() => states.some((s) => s.state === 'reconnecting'), 'giving up on the silent socket');
    expect(states[0]).toMatchObject({
      state: 'reconnecting',
      previous: 'connected',
      code: 1006,
      reason: 'no answer to ping',
      attempt: 1,
    });

    await until(() => got.length === 3, 'm2 and m3 after reconnecting', 5000);
    expect(client.state).toBe('connected');
    expect(net.accepted).toBeGreaterThan(accepted);
    expect(readies.at(-1)).toMatchObject({ resumed: true });
    await t.send(room.room_id, 'm4');
    await until(() => got.length === 4, 'm4 live');
    await t.send(room.room_id, 'm5');
    await until(() => got.length >= 5, 'the marker');
    expect(got.map((e) => e.message.content)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
  });

  it('4008: a client too slow to read is dropped by the server, reconnects and loses nothing', async () => {
    const alice = uniqueUser('alice');
    const room = await t.room([alice, uniqueUser('bob')]);
    // The `ws` implementation lets the test stop reading from the TCP socket, as a frozen tab would.
    const sockets: WsWebSocket[] = [];
    class ReadableWs extends WsWebSocket {
      constructor(url: string) {
        super(url);
        sockets.push(this);
      }
    }
    const client = await clientFor(alice, { WebSocket: ReadableWs });
    await client.connect();
    const got = record(client, 'message.created');
    const states = record(client, 'connection.state');
    const tcp = (sockets[0] as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    tcp.pause();
    // Kernel buffers absorb ~4-5 MB before the server's own 1 MiB send buffer overflows (measured
    // here: ~485 messages of 10 000 chars); 1000 of them overflow it with a 2x margin.
    const big = 'x'.repeat(10_000);
    const total = 1000;
    for (let i = 0; i < total; i += 25) await Promise.all(Array.from({ length: 25 }, () => t.send(room.room_id, big)));
    tcp.resume();
    await until(() => got.length >= total, `all ${total} messages`, 15_000);
    await t.send(room.room_id, 'marker');
    await until(() => got.length > total, 'the marker');
    expect(states.find((s) => s.state === 'reconnecting')).toMatchObject({
      code: expect.toSatisfy((c: number) => c === 4008 || c === 1006),
    });
    expect(sockets.length).toBeGreaterThanOrEqual(2);
    expect(got.map((e) => e.message.seq)).toEqual(Array.from({ length: total + 1 }, (_, i) => i + 1));
  }, 30_000);

  it('replays from the seq given in the resume option on the first connection', async () => {
    const alice = uniqueUser('alice');
    const room = await t.room([alice, uniqueUser('bob')]);
    for (let i = 1; i <= 5; i++) await t.send(room.room_id, `m${i}`);
    const client = await clientFor(alice, { resume: { [room.room_id]: 2 } });
    const got = record(client, 'message.created');
    await client.connect();
    await until(() => got.length === 3, 'replay of 3..5');
    const back = nextEvent(client, 'ready');
    net.drop();
    await back;
    await t.send(room.room_id, 'm6');
    await until(() => got.length === 4, 'm6');
    expect(got.map((e) => e.message.seq)).toEqual([3, 4, 5, 6]);
    expect(client.resumeState()).toEqual({ [room.room_id]: 6 });
  });

  it('reconnects after the server closes with 1001 (shutdown), to a new server process', async () => {
    // A separate server whose port we can take over once it has shut down.
    const first = await startTestServer();
    const port = Number(new URL(first.url).port);
    const alice = uniqueUser('alice');
    let tokenFor = (u: string) => first.token(u);
    const client = new OiChatClient({
      baseUrl: first.url,
      // The new process has another project and keys: the old token is refused there (4001),
      // which makes the client ask tokenProvider, as it would after a real redeploy.
      tokenProvider: () => tokenFor(alice),
      reconnect: { baseMs: 20, capMs: 100 },
    });
    clients.push(client);
    await client.connect();
    const closed = nextEvent(client, 'connection.state', (s) => s.state === 'reconnecting');
    await first.close();
    expect(await closed).toMatchObject({ code: 1001 });

    const { startServer, resolveConfig } = await import('@oichat/server');
    const second = await startServer(
      resolveConfig({ port, host: '127.0.0.1', database: ':memory:', rateLimit: 0 }, {}),
      { logger: false },
    );
    try {
      const { project_id } = await second.services.projects.create('again');
      tokenFor = async (u) => (await second.services.tokens.createToken(project_id, { user_id: u })).token;
      await until(() => client.state === 'connected', 'connected to the new server', 5000);
    } finally {
      client.disconnect();
      await second.close();
    }
  });
});

describe('offline sends', () => {
  it('queues sends made while offline and delivers each once, in order, after reconnecting', async () => {
    const alice = uniqueUser('alice');
    const bob = uniqueUser('bob');
    const room = await t.room([alice, bob]);
    const room2 = await t.room([alice, bob]);
    const client = await clientFor(alice);
    await client.connect();
    const own = record(client, 'message.created');

    net.offline = true;
    net.drop();
    await until(() => client.state === 'reconnecting', 'reconnecting');
    const states = record(client, 'connection.state');
    const sends = [
      client.messages.send(room.room_id, { content: 'a' }),
      client.messages.send(room.room_id, { content: 'b' }),
      client.messages.send(room2.room_id, { content: 'x' }),
      client.messages.send(room.room_id, { content: 'c' }),
    ];
    // Held while the socket is down, through several refused reconnects: nothing reaches the server.
    await until(() => states.filter((s) => s.state === 'reconnecting').length >= 3, 'three refused attempts');
    expect(client.messages.pending()).toBe(4);
    expect(client.messages.pending(room.room_id)).toBe(3);
    expect(await t.history(room.room_id)).toEqual([]);

    net.offline = false;
    const sent = await Promise.all(sends);
    expect(sent.map((m) => [m.room_id === room.room_id ? 'r1' : 'r2', m.seq, m.content])).toEqual([
      ['r1', 1, 'a'],
      ['r1', 2, 'b'],
      ['r2', 1, 'x'],
      ['r1', 3, 'c'],
    ]);
    expect((await t.history(room.room_id)).map((m) => m.content)).toEqual(['a', 'b', 'c']);
    expect((await t.history(room2.room_id)).map((m) => m.content)).toEqual(['x']);
    await until(() => own.length === 4, 'own messages as events');
    expect(own.filter((e) => e.room_id === room.room_id).map((e) => e.message.content)).toEqual(['a', 'b', 'c']);
    expect(client.messages.pending()).toBe(0);
  });

  it('retries a POST whose answer was lost with the same client_msg_id: stored once, order kept', async () => {
    const alice = uniqueUser('alice');
    const room = await t.room([alice, uniqueUser('bob')]);
    const bodies: string[] = [];
    let loseNextAnswer = true;
    let failNextWith503 = true;
    // The network between client and server: the first POST reaches the server but its answer
    // is lost (the connection dies on the way back); the next one meets a proxy's 503 first.
    const lossy: typeof fetch = async (input, init) => {
      if (init?.method === 'POST' && String(input).endsWith('/messages')) {
        bodies.push(String(init.body));
        if (bodies.length === 2 && failNextWith503) {
          failNextWith503 = false;
          return new Response('<html>Service Unavailable</html>', {
            status: 503,
            headers: { 'content-type': 'text/html' },
          });
        }
        const response = await fetch(input, init);
        if (loseNextAnswer) {
          loseNextAnswer = false;
          await response.arrayBuffer();
          throw new TypeError('fetch failed: socket hang up');
        }
        return response;
      }
      return fetch(input, init);
    };
    const client = await clientFor(alice, { fetch: lossy });
    const [a, b] = await Promise.all([
      client.messages.send(room.room_id, { content: 'a' }),
      client.messages.send(room.room_id, { content: 'b' }),
    ]);

    expect((await t.history(room.room_id)).map((m: Message) => [m.seq, m.content])).toEqual([
      [1, 'a'],
      [2, 'b'],
    ]);
    expect([a.seq, b.seq]).toEqual([1, 2]);
    const ids = bodies.map((body) => JSON.parse(body) as { content: string; client_msg_id: string });
    // a (answer lost), a again (503), a again (200: the first message), b.
    expect(ids.map((x) => x.content)).toEqual(['a', 'a', 'a', 'b']);
    expect(new Set(ids.slice(0, 3).map((x) => x.client_msg_id)).size).toBe(1);
    expect(ids[3]!.client_msg_id).not.toBe(ids[0]!.client_msg_id);
  });

  it('fails a send for good on a final error and goes on with the next ones', async () => {
    const alice = uniqueUser('alice');
    const room = await t.room([alice, uniqueUser('bob')]);
    const client = await clientFor(alice);
    const results = await Promise.allSettled([
      client.messages.send(room.room_id, { content: 'ok 1' }),
      client.messages.send(room.room_id, { content: 'x'.repeat(10_001) }),
      client.messages.send(room.room_id, { content: 'ok 2' }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ status: 400, code: 'validation_failed' });
    expect((await t.history(room.room_id)).map((m) => m.content)).toEqual(['ok 1', 'ok 2']);
  });
});
