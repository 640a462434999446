/**
 * The end users' budgets on the WebSocket (docs/realtime.md, "Rate limits"), as issue 10's
 * attacks at small scale: a member flipping typing.start/stop a thousand times makes each other
 * member receive one typing event (they are coalesced to one per user, room and interval), and a
 * client sending frames past its budget gets them refused with `rate_limited` and, if it goes
 * on, is closed 4029. What must not arrive is checked against a marker sent after it.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, uniqueUser, type TestServer } from '../helpers/test-server.js';
import { TestSocket } from '../helpers/ws-client.js';

const sockets: TestSocket[] = [];
afterEach(() => {
  for (const s of sockets.splice(0)) s.ws.terminate();
});

async function setup(t: TestServer, members: number) {
  const users = Array.from({ length: members }, () => uniqueUser('m'));
  const roomId = (await t.client.post('/v1/rooms', { type: 'group', participants: users })).body.room_id as string;
  const socketOf = async (user: string) => {
    const token = (await t.client.post('/v1/auth/token', { user_id: user })).body.token as string;
    const s = await TestSocket.connect(t.url, token);
    sockets.push(s);
    return s;
  };
  return { users, roomId, socketOf };
}

/** Frames are handled in order: once the pong of this ping is back, every frame before it was. */
async function roundTrip(s: TestSocket, id: string): Promise<void> {
  s.send({ type: 'ping', id });
  await s.waitFor((f) => f.type === 'pong' && f.id === id);
}

describe('typing is coalesced', () => {
  let t: TestServer;
  beforeAll(async () => {
    // An interval longer than the test: whatever the machine's speed, one event goes out in it.
    t = await startTestServer({ env: { OICHAT_TYPING_INTERVAL: '3600', OICHAT_USER_FRAME_LIMIT: '0' } });
  });
  afterAll(() => t?.close());

  it('sends each other member one typing event for a thousand start/stop flips of one user', async () => {
    const { users, roomId, socketOf } = await setup(t, 4);
    const [flooder, ...others] = await Promise.all(users.map(socketOf));
    for (let i = 0; i < 500; i++) {
      flooder!.send({ type: 'typing.start', room_id: roomId });
      flooder!.send({ type: 'typing.stop', room_id: roomId });
    }
    await roundTrip(flooder!, 'after-flood');
    // The marker: a message sent after every flip was handled reaches each member after any typing event.
    await t.client.post('/v1/messages', { room_id: roomId, sender_id: 'system', content: 'marker' });
    for (const s of others) {
      const marker = await s.waitFor((f) => f.type === 'message.created');
      const before = s.frames.slice(0, s.frames.indexOf(marker)).filter((f) => f.type === 'typing');
      expect(before).toEqual([{ type: 'typing', room_id: roomId, user_id: users[0], state: 'start' }]);
    }
  });
});

describe('the last state is not lost', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ env: { OICHAT_TYPING_INTERVAL: '1' } });
  });
  afterAll(() => t?.close());

  it('sends a stop asked for within the interval once the interval is over', async () => {
    const { users, roomId, socketOf } = await setup(t, 2);
    const [typist, watcher] = await Promise.all(users.map(socketOf));
    typist!.send({ type: 'typing.start', room_id: roomId });
    typist!.send({ type: 'typing.stop', room_id: roomId });
    await watcher!.waitFor((f) => f.type === 'typing' && f.state === 'stop', 10_000);
    expect(watcher!.of('typing').map((f) => f.state)).toEqual(['start', 'stop']);
  });
});

describe('the frame budget', () => {
  const FRAMES = 10;
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ env: { OICHAT_USER_FRAME_LIMIT: String(FRAMES) } });
  });
  afterAll(() => t?.close());

  it('refuses frames past the budget with rate_limited and retry_after_ms, and counts all the sockets of a user', async () => {
    const { users, socketOf } = await setup(t, 2);
    const [one, two] = [await socketOf(users[0]!), await socketOf(users[0]!)];
    const other = await socketOf(users[1]!);
    for (let i = 0; i < FRAMES / 2 + 1; i++) one.send({ type: 'ping', id: `one-${i}` });
    for (let i = 0; i < FRAMES / 2 + 1; i++) two.send({ type: 'ping', id: `two-${i}` });
    // Every frame is answered, a pong or an error naming it.
    const answered = async (s: TestSocket, prefix: string) => {
      const until = Date.now() + 5000;
      while (s.frames.filter((f) => String(f.id ?? f.ref).startsWith(prefix)).length < FRAMES / 2 + 1) {
        if (Date.now() > until) throw new Error(`${prefix}: ${JSON.stringify(s.frames)}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    };
    await answered(one, 'one-');
    await answered(two, 'two-');
    const refused = [...one.of('error'), ...two.of('error')];
    expect(one.of('pong').length + two.of('pong').length).toBe(FRAMES);
    expect(refused).toHaveLength(2);
    for (const e of refused) {
      expect(e).toMatchObject({ code: 'rate_limited', ref: expect.stringMatching(/^(one|two)-/) });
      expect(e.retry_after_ms).toBeGreaterThan(0);
      expect(e.retry_after_ms).toBeLessThanOrEqual(60_000);
    }
    // Another user's budget is untouched.
    await roundTrip(other, 'other');
  });

  it('closes 4029 a connection that goes on sending while refused', async () => {
    const { users, socketOf } = await setup(t, 1);
    const s = await socketOf(users[0]!);
    for (let i = 0; i < FRAMES + 100; i++) s.send({ type: 'ping', id: `p${i}` });
    const closed = await s.closed;
    expect(closed.code).toBe(4029);
    expect(closed.reason).toMatch(/^rate_limited: retry after \d+ s$/);
    expect(s.of('pong')).toHaveLength(FRAMES);
    expect(s.of('error')).toHaveLength(20);
  });
});
