import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, uniqueUser, type TestServer } from '../helpers/test-server.js';
import { TestSocket } from '../helpers/ws-client.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const roomsOf = async (user: string) =>
  (await t.client.get(`/v1/rooms?user_id=${user}&limit=100`)).body.data as { room_id: string }[];

describe('Idempotency-Key', () => {
  it('replays the first response with Idempotent-Replayed: true and no second effect', async () => {
    const user = uniqueUser();
    const key = randomUUID();
    const body = { type: 'group', participants: [user, 'agent-1'] };
    const first = await t.client.post('/v1/rooms', body, { idempotencyKey: key });
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const second = await t.client.post('/v1/rooms', body, { idempotencyKey: key });
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.body).toEqual(first.body);
    expect(await roomsOf(user)).toHaveLength(1);
  });

  it('matches the same body sent with other key order and spacing', async () => {
    const user = uniqueUser();
    const key = randomUUID();
    await t.client.post('/v1/rooms', undefined, {
      idempotencyKey: key,
      rawBody: `{"type":"group","participants":["${user}","x"]}`,
    });
    const again = await t.client.post('/v1/rooms', undefined, {
      idempotencyKey: key,
      rawBody: `{ "participants": ["${user}", "x"],   "type": "group" }`,
    });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await roomsOf(user)).toHaveLength(1);
  });

  it('runs 50 concurrent identical requests with exactly one effect', async () => {
    const room = (await t.client.post('/v1/rooms', { type: 'group', participants: ['c1', 'c2'] })).body;
    const key = randomUUID();
    const send = () =>
      t.client.post(
        '/v1/messages',
        { room_id: room.room_id, sender_id: 'c1', content: 'once' },
        { idempotencyKey: key },
      );
    const results = await Promise.all(Array.from({ length: 50 }, send));
    expect(results.every((r) => r.status === 201)).toBe(true);
    expect(new Set(results.map((r) => r.body.message_id)).size).toBe(1);
    expect(results.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(49);
    const history = await t.client.get(`/v1/rooms/${room.room_id}/messages`);
    expect(history.body.data).toHaveLength(1);
  });

  it('422 idempotency_key_reused for the same key with another body or path', async () => {
    const key = randomUUID();
    await t.client.post('/v1/auth/token', { user_id: 'k1' }, { idempotencyKey: key });
    const otherBody = await t.client.post('/v1/auth/token', { user_id: 'k2' }, { idempotencyKey: key });
    expect(otherBody.status).toBe(422);
    expect(otherBody.body.error.code).toBe('idempotency_key_reused');
    const otherPath = await t.client.post(
      '/v1/rooms',
      { type: 'group', participants: ['a', 'b'] },
      { idempotencyKey: key },
    );
    expect(otherPath.status).toBe(422);
    expect(otherPath.body.error.code).toBe('idempotency_key_reused');
  });

  it('replays a refusal (422) as it was, with no effect, even once its cause is gone', async () => {
    const room = (await t.client.post('/v1/rooms', { type: 'group', participants: ['e1', 'e2'] })).body;
    const key = randomUUID();
    const body = { room_id: room.room_id, sender_id: 'late', content: 'hello' };
    const refused = await t.client.post('/v1/messages', body, { idempotencyKey: key });
    expect(refused.status).toBe(422);
    expect(refused.headers.get('idempotent-replayed')).toBeNull();
    await t.client.post(`/v1/rooms/${room.room_id}/participants`, { user_id: 'late' });
    const again = await t.client.post('/v1/messages', body, { idempotencyKey: key });
    expect(again.status).toBe(422);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.error).toEqual({ ...refused.body.error, request_id: again.headers.get('x-request-id') });
    expect((await t.client.get(`/v1/rooms/${room.room_id}/messages`)).body.data).toHaveLength(0);
    // A new key is a new request.
    expect((await t.client.post('/v1/messages', body, { idempotencyKey: randomUUID() })).status).toBe(201);
  });

  it('replays a 404 to 20 concurrent duplicates alike', async () => {
    const key = randomUUID();
    const send = () =>
      t.client.post(
        '/v1/messages',
        { room_id: 'room_missing', sender_id: 'system', content: 'x' },
        { idempotencyKey: key },
      );
    const results = await Promise.all(Array.from({ length: 20 }, send));
    for (const res of results) {
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('room_not_found');
    }
    expect(results.filter((r) => r.headers.get('idempotent-replayed') === 'true').length).toBeGreaterThanOrEqual(19);
  });

  it('stores nothing for a malformed request (400): the same key runs the corrected one', async () => {
    const key = randomUUID();
    const bad = await t.client.post(
      '/v1/rooms',
      { type: 'group', participants: ['m1', 'm2'], metadata: { blob: 'x'.repeat(9000) } },
      { idempotencyKey: key },
    );
    expect(bad.status).toBe(400);
    const fixed = await t.client.post(
      '/v1/rooms',
      { type: 'group', participants: ['m1', 'm2'] },
      { idempotencyKey: key },
    );
    expect(fixed.status).toBe(201);
    expect(fixed.headers.get('idempotent-replayed')).toBeNull();
  });

  it('publishes a channel event once when its POST is retried with the same key', async () => {
    const { token } = (await t.client.post('/v1/auth/token', { user_id: uniqueUser(), channels: ['news'] })).body;
    const socket = await TestSocket.connect(t.url, token);
    const key = randomUUID();
    const first = await t.client.post(
      '/v1/channels/news/events',
      { event: 'flash', data: { n: 1 } },
      { idempotencyKey: key },
    );
    const again = await t.client.post(
      '/v1/channels/news/events',
      { event: 'flash', data: { n: 1 } },
      { idempotencyKey: key },
    );
    expect([first.status, again.status]).toEqual([202, 202]);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    await socket.waitFor((f) => f.type === 'channel.event');
    // A marker published after both: once it arrives, a second copy of the first would have too.
    await t.client.post('/v1/channels/news/events', { event: 'marker' });
    await socket.waitFor((f) => f.type === 'channel.event' && f.event === 'marker');
    expect(socket.of('channel.event').map((f) => f.event)).toEqual(['flash', 'marker']);
    socket.close();
  });

  it('keys are scoped to the project', async () => {
    const other = await t.newProject('other');
    const key = randomUUID();
    const a = await t.client.post('/v1/auth/token', { user_id: 'same' }, { idempotencyKey: key });
    const b = await other.client.post('/v1/auth/token', { user_id: 'same' }, { idempotencyKey: key });
    expect(b.status).toBe(200);
    expect(b.headers.get('idempotent-replayed')).toBeNull();
    expect(b.body.token).not.toBe(a.body.token);
  });

  it('400 for a key that is too long or not visible ASCII', async () => {
    for (const key of ['k'.repeat(256), 'has space', '']) {
      const res = await t.client.post('/v1/auth/token', { user_id: 'x' }, { idempotencyKey: key });
      expect(res.status, JSON.stringify(key)).toBe(400);
      expect(res.body.error.details).toEqual([
        { field: 'Idempotency-Key', rule: 'format', message: 'must be 1–255 visible ASCII characters' },
      ]);
    }
    expect((await t.client.post('/v1/auth/token', { user_id: 'x' }, { idempotencyKey: 'k'.repeat(255) })).status).toBe(
      200,
    );
  });
});
