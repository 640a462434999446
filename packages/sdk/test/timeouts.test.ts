/**
 * The client's time limits at their documented defaults (README: `requestTimeoutMs` 15 000,
 * `handshakeTimeoutMs` 15 000) and as set, on vitest's fake timers (only the client's own
 * setTimeout is faked, so 15 s pass at once), against peers that never answer: a fetch that
 * never settles (a network that swallows the request), a TCP server that never answers the
 * WebSocket upgrade, and a link that goes dead after `ready` (`pingIntervalMs` 25 000 and
 * `pongTimeoutMs` 10 000). Also what disconnect() does to a connect() still waiting: it fails with
 * `client_closed`, while queued sends still go out over REST.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { OiChatClient, type OiChatError } from '../src/index.js';
import { record, until } from './helpers/events.js';
import { startProxy, type NetworkProxy } from './helpers/proxy.js';
import { startTestServer, uniqueUser, type TestServer } from './helpers/server.js';

/** A token the client can read an `exp` from (it never verifies it); the server is never reached. */
const UNSIGNED = ['{"alg":"none"}', `{"sub":"u","exp":${Math.floor(Date.now() / 1000) + 3600}}`]
  .map((part) => Buffer.from(part).toString('base64url'))
  .concat('sig')
  .join('.');

/** A fetch whose request never gets an answer: it ends only when aborted. */
const silentFetch: typeof fetch = (_input, init) =>
  new Promise((_resolve, reject) => {
    init?.signal?.addEventListener('abort', () => reject(new DOMException('This operation was aborted', 'AbortError')));
  });

/** Settles `promise` into a readable state, for checking it has not settled yet. */
function watch<T>(promise: Promise<T>) {
  const state: { settled: boolean; error?: OiChatError } = { settled: false };
  promise.then(
    () => (state.settled = true),
    (error: OiChatError) => Object.assign(state, { settled: true, error }),
  );
  return state;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('requestTimeoutMs', () => {
  it('gives a REST request 15 s by default, then fails it with timeout', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const client = new OiChatClient({ baseUrl: 'http://127.0.0.1:9', token: UNSIGNED, fetch: silentFetch });
    const request = watch(client.rooms.get('room_x'));
    await vi.advanceTimersByTimeAsync(14_999);
    expect(request.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(request.error).toMatchObject({ status: 0, code: 'timeout', message: expect.stringContaining('15000 ms') });
  });

  it('gives it requestTimeoutMs when set', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const client = new OiChatClient({
      baseUrl: 'http://127.0.0.1:9',
      token: UNSIGNED,
      fetch: silentFetch,
      requestTimeoutMs: 250,
    });
    const request = watch(client.rooms.list());
    await vi.advanceTimersByTimeAsync(249);
    expect(request.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(request.error).toMatchObject({ status: 0, code: 'timeout', message: expect.stringContaining('250 ms') });
  });
});

describe('handshakeTimeoutMs', () => {
  /** Accepts TCP connections and never answers on them (a server stuck before the upgrade). */
  let mute: Server;
  let connections: Socket[];
  beforeAll(async () => {
    connections = [];
    mute = createServer((socket) => connections.push(socket));
    await new Promise<void>((resolve) => mute.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    for (const c of connections) c.destroy();
    await new Promise<void>((resolve) => mute.close(() => resolve()));
  });

  const url = () => `http://127.0.0.1:${(mute.address() as { port: number }).port}`;

  it.each([
    ['15 s by default', undefined, 15_000],
    ['handshakeTimeoutMs when set', 400, 400],
  ])('gives a socket %s to say ready, then gives up on it and reconnects', async (_what, option, limit) => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    // Real I/O, not a timer: the TCP connection reaching the silent server.
    const reached = new Promise((resolve) => mute.once('connection', resolve));
    const client = new OiChatClient({
      baseUrl: url(),
      token: UNSIGNED,
      ...(option !== undefined && { handshakeTimeoutMs: option }),
    });
    const states = record(client, 'connection.state');
    void client.connect().catch(() => {});
    try {
      // The socket is opened (its handshake timer set) and waits.
      await reached;
      await vi.advanceTimersByTimeAsync(limit - 1);
      expect(client.state).toBe('connecting');
      await vi.advanceTimersByTimeAsync(1);
      expect(states.at(-1)).toMatchObject({
        state: 'reconnecting',
        previous: 'connecting',
        reason: 'no ready frame in time',
      });
    } finally {
      client.disconnect();
    }
  });
});

describe('disconnect()', () => {
  let t: TestServer;
  let net: NetworkProxy;
  beforeAll(async () => {
    t = await startTestServer();
    net = await startProxy(t.url);
  });
  afterAll(async () => {
    await net.close();
    await t.close();
  });

  it('pings after 25 s without a frame and, with no answer 10 s after, gives up on the socket (the defaults)', async () => {
    const alice = uniqueUser('alice');
    const room = await t.room([alice, uniqueUser('bob')]);
    const link = await startProxy(t.url);
    const client = new OiChatClient({
      baseUrl: link.url,
      token: await t.token(alice),
      reconnect: { baseMs: 20, capMs: 100 },
    });
    try {
      await client.connect();
      const states = record(client, 'connection.state');
      // From here the client's timers are fake; the frame below restarts its silence on them.
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      const arrived = new Promise((resolve) => client.once('message.created', resolve));
      await t.send(room.room_id, 'last word');
      await arrived;
      link.blackhole();
      await vi.advanceTimersByTimeAsync(25_000 + 10_000 - 1);
      expect(client.state).toBe('connected');
      await vi.advanceTimersByTimeAsync(1);
      expect(states.at(-1)).toMatchObject({
        state: 'reconnecting',
        previous: 'connected',
        reason: 'no answer to ping',
      });
    } finally {
      client.disconnect();
      await link.close();
    }
  });

  it('fails a connect() still waiting for ready with client_closed, and still delivers queued sends over REST', async () => {
    const alice = uniqueUser('alice');
    const room = await t.room([alice, uniqueUser('bob')]);
    const client = new OiChatClient({
      baseUrl: net.url,
      token: await t.token(alice),
      reconnect: { baseMs: 20, capMs: 100 },
    });
    net.offline = true;
    const states = record(client, 'connection.state');
    const connecting = client.connect();
    const sent = client.messages.send(room.room_id, { content: 'queued while offline' });
    await until(() => states.filter((s) => s.state === 'reconnecting').length >= 2, 'two refused attempts');
    expect(client.messages.pending()).toBe(1);

    client.disconnect();
    await expect(connecting).rejects.toMatchObject({ status: 0, code: 'client_closed' });
    expect(client.state).toBe('disconnected');
    net.offline = false;
    expect(await sent).toMatchObject({ seq: 1, content: 'queued while offline' });
    expect((await t.history(room.room_id)).map((m) => m.content)).toEqual(['queued while offline']);
  });
});
