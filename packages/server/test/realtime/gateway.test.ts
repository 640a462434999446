import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { LIMITS } from '../../src/realtime/protocol.js';
import { rawConnect } from '../helpers/raw-socket.js';
import { startTestServer, uniqueUser, type TestServer } from '../helpers/test-server.js';
import { userFetch } from '../helpers/user-fetch.js';
import { TestSocket } from '../helpers/ws-client.js';

let t: TestServer;
const sockets: TestSocket[] = [];
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());
afterEach(() => {
  vi.useRealTimers();
  for (const s of sockets.splice(0)) s.ws.terminate();
});

const token = async (userId: string, extra: Record<string, unknown> = {}) =>
  (await t.client.post('/v1/auth/token', { user_id: userId, ...extra })).body.token as string;
const connect = async (userId: string, resume?: Record<string, number>, extra?: Record<string, unknown>) => {
  const s = await TestSocket.connect(t.url, await token(userId, extra), resume);
  sockets.push(s);
  return s;
};
const room = async (participants: string[]) =>
  (await t.client.post('/v1/rooms', { type: 'group', participants })).body.room_id as string;
const send = (roomId: string, content: string, sender = 'system') =>
  t.client.post('/v1/messages', { room_id: roomId, sender_id: sender, content });

describe('authentication', () => {
  it('answers ready with the rooms and their last seq, for a token sent in the first frame', async () => {
    const u = uniqueUser();
    const r = await room([u, 'peer']);
    await send(r, 'one');
    const s = await connect(u);
    const ready = s.of('ready')[0]!;
    expect(ready).toMatchObject({ user_id: u, rooms: [{ room_id: r, last_seq: 1 }] });
    expect(ready.connection_id).toMatch(/^conn_/);
  });

  it('closes 4001 for a bad token or a first frame that is not auth, and 4009 for a frame that is not JSON', async () => {
    const bad = await TestSocket.open(t.url, { token: 'nope' });
    expect((await bad.closed).code).toBe(4001);
    const wrong = await TestSocket.open(t.url);
    wrong.send({ type: 'ping' });
    expect((await wrong.closed).code).toBe(4001);
    const junk = await TestSocket.open(t.url);
    junk.ws.send('not json');
    expect((await junk.closed).code).toBe(4009);
    const s = await connect(uniqueUser());
    s.ws.send('[1,2]');
    expect((await s.closed).code).toBe(4009);
  });

  it('refuses other paths', async () => {
    const { WebSocket } = await import('ws');
    const ws = new WebSocket(t.url.replace('http', 'ws') + '/v1/elsewhere');
    const err = await new Promise<Error>((resolve) => ws.on('error', resolve));
    expect(err.message).toMatch(/404/);
  });

  it('survives clients that reset the connection as their upgrade to another path is refused', async () => {
    const request =
      'GET /v1/elsewhere HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n' +
      'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n';
    // Each sends a body the server never reads, then resets; the 404's socket sees ECONNRESET.
    await Promise.all(
      Array.from({ length: 20 }, () =>
        rawConnect(t.url).then((socket) => {
          socket.write(request + 'x'.repeat(256 * 1024));
          setTimeout(() => socket.resetAndDestroy(), 5);
          return new Promise((resolve) => socket.once('close', resolve));
        }),
      ),
    );
    await new Promise((r) => setTimeout(r, 100));
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
  });

  it('closes 4002 when the token expires while connected', async () => {
    const u = uniqueUser();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() - 24 * 3600_000 + 1500);
    const soon = await token(u);
    vi.useRealTimers();
    const s = await TestSocket.connect(t.url, soon);
    sockets.push(s);
    const closed = await s.closed;
    expect(closed).toEqual({ code: 4002, reason: 'token_expired' });
  });

  it('closes 4003 when the backend revokes the user', async () => {
    const u = uniqueUser();
    const s = await connect(u);
    await t.client.post('/v1/auth/revoke', { user_id: u });
    expect((await s.closed).code).toBe(4003);
  });
});

describe('events', () => {
  it('delivers messages sent through the backend API to participants only', async () => {
    const [a, b, outsider] = [uniqueUser(), uniqueUser(), uniqueUser()];
    const r = await room([a, b]);
    const sa = await connect(a);
    const sb = await connect(b);
    const so = await connect(outsider);
    const sent = (await send(r, 'hello')).body;
    for (const s of [sa, sb]) expect((await s.waitFor((f) => f.type === 'message.created')).message).toEqual(sent);
    await so.roundTrip();
    expect(so.of('message.created')).toEqual([]);
  });

  it('sends every recipient the same text frame (serialized once, not per connection)', async () => {
    const [a, b] = [uniqueUser(), uniqueUser()];
    const r = await room([a, b]);
    const sockets = [await connect(a), await connect(b)];
    const raw = sockets.map((s) => {
      const frames: { text: string; binary: boolean }[] = [];
      s.ws.on('message', (data, isBinary) => frames.push({ text: data.toString(), binary: isBinary }));
      return frames;
    });
    const stringify = vi.spyOn(JSON, 'stringify');
    const sent = (await send(r, 'once')).body;
    const frames = await Promise.all(sockets.map((s) => s.waitFor((f) => f.type === 'message.created')));
    // Frames, not the stored event (which has a type too, and its message under `data`).
    const stringified = stringify.mock.calls.filter(
      ([v]) => (v as { type?: string })?.type === 'message.created' && 'message' in (v as object),
    ).length;
    stringify.mockRestore();
    for (const f of frames) expect(f).toEqual({ type: 'message.created', room_id: r, message: sent });
    const [ra, rb] = raw.map((frames) => frames.find((f) => f.text.includes('"message.created"'))!);
    expect(ra).toEqual({ text: JSON.stringify({ type: 'message.created', room_id: r, message: sent }), binary: false });
    expect(rb).toEqual(ra);
    expect(stringified).toBe(1);
  });

  it('follows membership: room.created, participant.added and removal, which stops the room at once', async () => {
    const [a, b, c] = [uniqueUser(), uniqueUser(), uniqueUser()];
    const sc = await connect(c);
    const r = await room([a, b]);
    await t.client.post(`/v1/rooms/${r}/participants`, { user_id: c });
    expect((await sc.waitFor((f) => f.type === 'participant.added')).user_id).toBe(c);
    await send(r, 'for c');
    await sc.waitFor((f) => f.type === 'message.created');
    await t.client.delete(`/v1/rooms/${r}/participants/${c}`);
    await sc.waitFor((f) => f.type === 'participant.removed');
    await send(r, 'not for c');
    await t.client.patch(`/v1/rooms/${r}`, { name: 'secret' });
    await sc.roundTrip();
    expect(sc.of('message.created')).toHaveLength(1);
    expect(sc.of('room.updated')).toEqual([]);

    const sa = await connect(a);
    const r2 = await room([a, c]);
    expect((await sa.waitFor((f) => f.type === 'room.created')).room.room_id).toBe(r2);
    await t.client.delete(`/v1/rooms/${r2}`);
    expect((await sa.waitFor((f) => f.type === 'room.deleted')).room_id).toBe(r2);
    // Gone for the socket at once: it no longer follows the room (typing in it is refused).
    expect((await send(r2, 'gone')).status).toBe(404);
    sa.send({ type: 'typing.start', room_id: r2, id: 'after-delete' });
    expect(await sa.waitFor((f) => f.type === 'error' && f.ref === 'after-delete')).toMatchObject({
      code: 'room_not_found',
    });
  });

  it('sends read updates, typing (which stops by itself) and presence to the other participants', async () => {
    const [a, b] = [uniqueUser(), uniqueUser()];
    const r = await room([a, b]);
    const sa = await connect(a);
    const sb = await connect(b);
    expect((await sa.waitFor((f) => f.type === 'presence')).user_id).toBe(b);
    await send(r, 'x');
    const bobToken = await token(b);
    await userFetch(t.url, bobToken, `/v1/me/rooms/${r}/read`, { body: { seq: 1 } });
    expect(await sa.waitFor((f) => f.type === 'read')).toMatchObject({ room_id: r, user_id: b, seq: 1 });

    const expiry = LIMITS.typingExpiryMs;
    LIMITS.typingExpiryMs = 150;
    try {
      sb.send({ type: 'typing.start', room_id: r });
      expect(await sa.waitFor((f) => f.type === 'typing')).toMatchObject({ room_id: r, user_id: b, state: 'start' });
      expect(await sa.waitFor((f) => f.type === 'typing' && f.state === 'stop')).toMatchObject({ user_id: b });
      expect(sb.of('typing')).toEqual([]);
    } finally {
      LIMITS.typingExpiryMs = expiry;
    }
    sb.send({ type: 'typing.start', room_id: 'room_not_mine', id: 'r1' });
    expect(await sb.waitFor((f) => f.type === 'error')).toMatchObject({ code: 'room_not_found', ref: 'r1' });

    sb.close();
    expect(await sa.waitFor((f) => f.type === 'presence' && f.state === 'offline')).toMatchObject({ user_id: b });
  });

  it('delivers channel events to users whose token lists the channel', async () => {
    const [a, b] = [uniqueUser(), uniqueUser()];
    const sa = await connect(a, undefined, { channels: ['announcements'] });
    const sb = await connect(b);
    const res = await t.client.post('/v1/channels/announcements/events', {
      event: 'maintenance',
      data: { at: 'noon' },
    });
    expect(res.status).toBe(202);
    expect(await sa.waitFor((f) => f.type === 'channel.event')).toMatchObject({
      channel: 'announcements',
      event: 'maintenance',
      data: { at: 'noon' },
    });
    await sb.roundTrip();
    expect(sb.of('channel.event')).toEqual([]);
  });

  it('answers ping with pong and unknown frames with an error', async () => {
    const s = await connect(uniqueUser());
    s.send({ type: 'ping', id: 'p1' });
    expect(await s.waitFor((f) => f.type === 'pong')).toMatchObject({ id: 'p1' });
    s.send({ type: 'dance', id: 'd1' });
    expect(await s.waitFor((f) => f.type === 'error')).toMatchObject({ code: 'unknown_type', ref: 'd1' });
  });
});

describe('resume', () => {
  it('replays what was missed while offline, in order, then goes on live', async () => {
    const u = uniqueUser();
    const r = await room([u, 'p']);
    await send(r, 'm1');
    const first = await connect(u);
    first.close();
    await first.closed;
    for (let i = 2; i <= 6; i++) await send(r, `m${i}`);
    const second = await connect(u, { [r]: 1 });
    await second.waitForCount('message.created', 5);
    await send(r, 'm7');
    const got = await second.waitForCount('message.created', 6);
    expect(got.map((f) => f.message.seq)).toEqual([2, 3, 4, 5, 6, 7]);
  });

  it('lists rooms joined while offline in ready, without replaying them; rooms left are ignored (docs/realtime.md)', async () => {
    const [u, peer] = [uniqueUser(), uniqueUser()];
    const known = await room([u, peer]);
    const left = await room([u, peer]);
    await send(known, 'k1');
    const first = await connect(u);
    first.close();
    await first.closed;

    // While u is offline: a message where u was, a room created with u, a room u is added to, a room u leaves.
    await send(known, 'k2');
    const created = await room([u, peer]);
    await send(created, 'c1');
    const added = await room([peer, uniqueUser()]);
    await send(added, 'a1');
    await t.client.post(`/v1/rooms/${added}/participants`, { user_id: u });
    await send(added, 'a2');
    await send(left, 'l1');
    await t.client.delete(`/v1/rooms/${left}/participants/${u}`);

    const online = await connect(peer);
    const second = await connect(u, { [known]: 1, [left]: 0 });
    const ready = second.of('ready')[0]!;
    expect(new Map(ready.rooms.map((r: { room_id: string; last_seq: number }) => [r.room_id, r.last_seq]))).toEqual(
      new Map([
        [known, 2],
        [created, 1],
        [added, 2],
      ]),
    );
    expect(ready.online_users).toEqual([peer]);
    await second.waitFor((f) => f.type === 'message.created');
    await send(created, 'c2');
    await send(added, 'a3');
    await second.waitForCount('message.created', 3);
    await second.roundTrip();
    expect(second.of('message.created').map((f) => f.message.content)).toEqual(['k2', 'c2', 'a3']);
    expect(
      second.frames.filter((f) => ['room.created', 'participant.added', 'participant.removed'].includes(f.type)),
    ).toEqual([]);
    // Their earlier history is there over REST.
    const history = await userFetch(t.url, await token(u), `/v1/me/rooms/${added}/messages?after=0`);
    expect(((await history.json()) as { data: { content: string }[] }).data.map((m) => m.content)).toEqual([
      'a1',
      'a2',
      'a3',
    ]);
    online.close();
  });

  it('closes 1013 a connection that more signals reach while it loads than it may hold, and the retry resumes', async () => {
    const u = uniqueUser();
    const r = await room([u, 'p']);
    await send(r, 'm1');
    await send(r, 'm2');
    const limit = LIMITS.maxLoadingSignals;
    LIMITS.maxLoadingSignals = 5;
    const { services } = t.server;
    const memberships = services.rooms.memberships.bind(services.rooms);
    // The burst has to land while this connection loads its rooms: published from inside that read.
    const spy = vi.spyOn(services.rooms, 'memberships').mockImplementationOnce(async (ctx, userId) => {
      for (let i = 0; i < 6; i++)
        services.events.publish({
          kind: 'channel',
          projectId: ctx.projectId,
          channel: 'busy',
          event: 'tick',
          data: { i },
        });
      return memberships(ctx, userId);
    });
    try {
      const before = t.server.app.realtime.stats.loadingOverflows;
      const first = await TestSocket.open(t.url, { token: await token(u), resume: { [r]: 1 } });
      sockets.push(first);
      expect(await first.closed).toEqual({ code: 1013, reason: 'try_again_later' });
      expect(first.of('ready')).toEqual([]);
      expect(t.server.app.realtime.stats.loadingOverflows).toBe(before + 1);
      const again = await connect(u, { [r]: 1 });
      expect((await again.waitFor((f) => f.type === 'message.created')).message.content).toBe('m2');
    } finally {
      spy.mockRestore();
      LIMITS.maxLoadingSignals = limit;
    }
  });

  it('disconnects a consumer that stops reading with 4008 instead of buffering for it', async () => {
    const u = uniqueUser();
    const r = await room([u, 'p']);
    const limit = LIMITS.maxBufferedBytes;
    LIMITS.maxBufferedBytes = 256 * 1024;
    try {
      const s = await connect(u);
      const before = t.server.app.realtime.stats.slowConsumersDisconnected;
      (s.ws as any)._socket.pause();
      const big = 'x'.repeat(10_000);
      // The kernel's socket buffers absorb several MB before the server's own buffer grows.
      const sends = [];
      const stats = t.server.app.realtime.stats;
      for (let i = 0; i < 2500 && stats.slowConsumersDisconnected === before; i++) {
        sends.push(send(r, big));
        if (sends.length === 25) await Promise.all(sends.splice(0));
      }
      await Promise.all(sends);
      // The server gives up on the reader (4008) and, as it never completes the closing handshake,
      // drops the socket: the client sees 4008 or, if the drop came first, an abnormal 1006.
      (s.ws as any)._socket.resume();
      expect([4008, 1006]).toContain((await s.closed).code);
      await expect
        .poll(() => t.server.app.realtime.stats.slowConsumersDisconnected, { timeout: 10_000 })
        .toBe(before + 1);
    } finally {
      LIMITS.maxBufferedBytes = limit;
    }
  });
});
