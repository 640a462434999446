import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { userFetch } from '../helpers/user-fetch.js';

let t: TestServer;
let aliceToken: string;
let roomId: string;

const as = (token: string) => ({
  call: async (method: string, path: string, body?: unknown) => {
    const res = await userFetch(t.url, token, path, { method, body });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  },
});

beforeAll(async () => {
  t = await startTestServer();
  aliceToken = (await t.client.post('/v1/auth/token', { user_id: 'alice' })).body.token;
  roomId = (await t.client.post('/v1/rooms', { type: 'group', participants: ['alice', 'bob'], name: 'ab' })).body
    .room_id;
});
afterAll(() => t.close());
afterEach(() => {
  vi.useRealTimers();
});

describe('end-user authentication', () => {
  it('401 with a distinct code for a missing, malformed, forged, expired or revoked token', async () => {
    const none = await fetch(`${t.url}/v1/me/rooms`);
    expect(((await none.json()) as any).error.code).toBe('missing_token');
    expect((await as('garbage').call('GET', '/v1/me/rooms')).body.error.code).toBe('invalid_token');
    const [h, p] = aliceToken.split('.');
    const forged = `${h}.${p}.${'A'.repeat(86)}`;
    expect((await as(forged).call('GET', '/v1/me/rooms')).body.error.code).toBe('invalid_token');

    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() - 25 * 3600_000);
    const old = (await t.client.post('/v1/auth/token', { user_id: 'alice' })).body.token;
    vi.useRealTimers();
    expect((await as(old).call('GET', '/v1/me/rooms')).body.error.code).toBe('token_expired');

    const carol = (await t.client.post('/v1/auth/token', { user_id: 'carol' })).body.token;
    expect((await as(carol).call('GET', '/v1/me/rooms')).status).toBe(200);
    const revoked = await t.client.post('/v1/auth/revoke', { user_id: 'carol' });
    expect(revoked.status).toBe(200);
    const res = await as(carol).call('GET', '/v1/me/rooms');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('token_revoked');
    expect((await t.client.post('/v1/auth/refresh', { token: carol })).body.error.code).toBe('token_revoked');
    const fresh = (await t.client.post('/v1/auth/token', { user_id: 'carol' })).body.token;
    expect((await as(fresh).call('GET', '/v1/me/rooms')).status).toBe(200);
  });
});

describe('/v1/me', () => {
  it("lists and gets only the user's own rooms; others' rooms are 404 like missing ones", async () => {
    const list = await as(aliceToken).call('GET', '/v1/me/rooms');
    expect(list.body.data.map((r: any) => r.room_id)).toEqual([roomId]);
    expect((await as(aliceToken).call('GET', `/v1/me/rooms/${roomId}`)).body.name).toBe('ab');
    const notMine = (await t.client.post('/v1/rooms', { type: 'group', participants: ['x', 'y'] })).body.room_id;
    for (const path of [`/v1/me/rooms/${notMine}`, `/v1/me/rooms/${notMine}/messages`]) {
      const res = await as(aliceToken).call('GET', path);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('room_not_found');
    }
    const send = await as(aliceToken).call('POST', `/v1/me/rooms/${notMine}/messages`, { content: 'hi' });
    expect(send.body.error.code).toBe('room_not_found');
  });

  it("never reaches another project's room, even for the same user id", async () => {
    const other = await t.newProject('other');
    const theirRoom = (await other.client.post('/v1/rooms', { type: 'group', participants: ['alice', 'bob'] })).body
      .room_id;
    expect((await as(aliceToken).call('GET', `/v1/me/rooms/${theirRoom}`)).status).toBe(404);
    const theirAlice = (await other.client.post('/v1/auth/token', { user_id: 'alice' })).body.token;
    expect((await as(theirAlice).call('GET', '/v1/me/rooms')).body.data.map((r: any) => r.room_id)).toEqual([
      theirRoom,
    ]);
  });

  it('sends as the user; a repeated client_msg_id returns the first message and creates nothing', async () => {
    const first = await as(aliceToken).call('POST', `/v1/me/rooms/${roomId}/messages`, {
      content: 'hello',
      client_msg_id: 'c-1',
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ sender_id: 'alice', content: 'hello', content_type: 'text' });
    const again = await as(aliceToken).call('POST', `/v1/me/rooms/${roomId}/messages`, {
      content: 'hello',
      client_msg_id: 'c-1',
    });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const history = await as(aliceToken).call('GET', `/v1/me/rooms/${roomId}/messages?after=0`);
    expect(history.body.data.filter((m: any) => m.content === 'hello')).toHaveLength(1);
    const system = await as(aliceToken).call('POST', `/v1/me/rooms/${roomId}/messages`, {
      content: 'x',
      content_type: 'system',
    });
    expect(system.body.error.details[0]).toMatchObject({ field: 'content_type', rule: 'enum' });
  });

  it('marks read (never backwards, never past the last message) and counts unread', async () => {
    const bob = (await t.client.post('/v1/auth/token', { user_id: 'bob' })).body.token;
    const room = (await t.client.post('/v1/rooms', { type: 'group', participants: ['alice', 'bob'] })).body.room_id;
    for (let i = 0; i < 5; i++)
      await t.client.post('/v1/messages', { room_id: room, sender_id: 'alice', content: `m${i}` });
    const unread = async () =>
      (await as(bob).call('GET', '/v1/me/unread')).body.data.find((r: any) => r.room_id === room);
    expect(await unread()).toMatchObject({ last_seq: 5, last_read_seq: 0, unread_count: 5 });
    expect((await as(bob).call('POST', `/v1/me/rooms/${room}/read`, { seq: 3 })).body).toEqual({
      room_id: room,
      user_id: 'bob',
      last_read_seq: 3,
    });
    expect((await as(bob).call('POST', `/v1/me/rooms/${room}/read`, { seq: 1 })).body.last_read_seq).toBe(3);
    expect(await unread()).toMatchObject({ unread_count: 2 });
    const beyond = await as(bob).call('POST', `/v1/me/rooms/${room}/read`, { seq: 6 });
    expect(beyond.status).toBe(400);
    expect(beyond.body.error.details[0]).toMatchObject({ field: 'seq', rule: 'maximum' });
  });
});

describe('CORS', () => {
  it('lets browsers call the end-user API, and only that', async () => {
    const preflight = await fetch(`${t.url}/v1/me/rooms`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://app.example.com',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
    const get = await fetch(`${t.url}/v1/me/rooms`, {
      headers: { origin: 'https://app.example.com', authorization: `Bearer ${aliceToken}` },
    });
    expect(get.headers.get('access-control-allow-origin')).toBe('*');
    // Edits, deletions and reactions taken back are PATCH and DELETE from the page.
    const edit = await fetch(`${t.url}/v1/me/messages/msg_x`, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'PATCH' },
    });
    expect(
      edit.headers
        .get('access-control-allow-methods')
        ?.split(',')
        .map((m) => m.trim()),
    ).toEqual(expect.arrayContaining(['GET', 'POST', 'PATCH', 'DELETE']));
    const backend = await fetch(`${t.url}/v1/rooms?user_id=alice`, { headers: { origin: 'https://app.example.com' } });
    expect(backend.headers.get('access-control-allow-origin')).toBeNull();
  });
});
