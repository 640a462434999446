import { expect, it } from 'vitest';
import type { OiChatApiError } from '../../src/index.ts';
import { expectApiError, rejection } from '../helpers/assertions.ts';
import { credentials, describeWithServer, makeClient, uid } from '../helpers/env.ts';
import { UUID_V4, useFaultProxy } from '../helpers/proxy-fixture.ts';

describeWithServer('idempotency keys and signed headers (real server)', () => {
  const fixture = useFaultProxy();
  const direct = makeClient();

  it('every POST carries a fresh UUID v4 Idempotency-Key; GET, PATCH and DELETE carry none', async () => {
    const { proxy } = fixture;
    const c = makeClient({ baseUrl: proxy.url });
    const [a, b] = [uid(), uid()];
    await c.auth.createToken({ user_id: a });
    const room = await c.rooms.create({ type: 'group', participants: [a, b] });
    await c.messages.send({ room_id: room.room_id, sender_id: a, content: 'hi' });
    await c.rooms.addParticipant(room.room_id, { user_id: uid() });
    await c.rooms.leave(room.room_id, { user_id: b });
    await c.rooms.get(room.room_id);
    await c.rooms.list({ user_id: a });
    await c.messages.list(room.room_id);
    await c.rooms.update(room.room_id, { status: 'resolved' });
    await c.rooms.delete(room.room_id);

    const posts = proxy.requests.filter((r) => r.method === 'POST');
    const others = proxy.requests.filter((r) => r.method !== 'POST');
    expect(posts).toHaveLength(5);
    for (const r of posts) expect(r.headers['idempotency-key']).toMatch(UUID_V4);
    expect(new Set(posts.map((r) => r.headers['idempotency-key'])).size).toBe(5);
    expect(others.map((r) => r.method)).toEqual(['GET', 'GET', 'GET', 'PATCH', 'DELETE']);
    for (const r of others) expect(r.headers['idempotency-key']).toBeUndefined();
  });

  it('signs every request with the documented headers, and never sends the secret', async () => {
    const { proxy } = fixture;
    const creds = credentials();
    const c = makeClient({ baseUrl: proxy.url });
    const before = Math.floor(Date.now() / 1000);
    await c.rooms.list({ user_id: uid(), limit: 5 });
    await c.auth.createToken({ user_id: uid() });
    const after = Math.floor(Date.now() / 1000);
    for (const r of proxy.requests) {
      expect(r.headers['x-oichat-project-id']).toBe(creds.projectId);
      expect(r.headers['x-oichat-api-key']).toBe(creds.apiKey);
      expect(r.headers['x-oichat-timestamp']).toMatch(/^\d{10}$/);
      // The moment it was signed, in seconds: within the calls.
      expect(Number(r.headers['x-oichat-timestamp'])).toBeGreaterThanOrEqual(before);
      expect(Number(r.headers['x-oichat-timestamp'])).toBeLessThanOrEqual(after);
      expect(r.headers['x-oichat-signature']).toMatch(/^v2=[0-9a-f]{64}$/);
      expect(r.headers['x-oichat-nonce']).toMatch(UUID_V4);
    }
    expect(new Set(proxy.requests.map((r) => r.headers['x-oichat-nonce'])).size).toBe(proxy.requests.length);
    expect(proxy.requests[0]!.path).toMatch(/^\/v1\/rooms\?user_id=user-[0-9a-f]{8}&limit=5$/);
    expect(proxy.requests[1]!.headers['content-type']).toBe('application/json');
    expect(JSON.stringify(proxy.requests)).not.toContain(creds.secretKey);
  });

  it('signatures hold for targets full of reserved and non-ASCII characters (the server verifies, then answers)', async () => {
    const { proxy } = fixture;
    const odd = "we/ird?id=%20 é+&#~'()*!";
    for (const backend of ['auto', 'webcrypto'] as const) {
      const c = makeClient({ baseUrl: proxy.url, internal: { cryptoBackend: backend } });
      // Anything but 401 means the server accepted the signature over the target it received.
      await expectApiError(c.rooms.get(odd), 404, 'room_not_found');
      await expectApiError(c.messages.list(odd, { before: 3 }), 404, 'room_not_found');
      const list = await rejection(c.rooms.list({ user_id: odd, cursor: 'a/b?c=d&e' }));
      expect((list as OiChatApiError).statusCode).toBe(400);
    }
    expect(proxy.requests[0]!.path).toBe("/v1/rooms/we%2Fird%3Fid%3D%2520%20%C3%A9%2B%26%23~'()*!");
    expect(proxy.requests[2]!.path).toBe(
      '/v1/rooms?user_id=we%2Fird%3Fid%3D%2520+%C3%A9%2B%26%23%7E%27%28%29*%21&cursor=a%2Fb%3Fc%3Dd%26e',
    );
  });

  it('the portable Web Crypto signing path is accepted by the server as well (GET with query, POST with body)', async () => {
    const portable = makeClient({ internal: { cryptoBackend: 'webcrypto' } });
    const me = uid();
    const room = await portable.rooms.create({ type: 'group', participants: [me, uid()], metadata: { note: 'é 🎉' } });
    expect((await portable.rooms.list({ user_id: me, limit: 5 })).data.map((r) => r.room_id)).toEqual([room.room_id]);
    await portable.messages.send({ room_id: room.room_id, sender_id: me, content: '주문' });
    await portable.rooms.delete(room.room_id);
  });

  it("the caller's idempotencyKey replaces the generated one; repeating it replays instead of re-creating", async () => {
    const { proxy } = fixture;
    const c = makeClient({ baseUrl: proxy.url });
    const me = uid();
    const key = `order-1234-room-${uid()}`;
    const first = await c.rooms.create({ type: 'group', participants: [me, uid('agent')] }, { idempotencyKey: key });
    const params = { type: 'group' as const, participants: first.participants };
    const second = await c.rooms.create(params, { idempotencyKey: key });
    expect(second).toEqual(first);
    expect(proxy.requests.map((r) => r.headers['idempotency-key'])).toEqual([key, key]);
    expect((await direct.rooms.list({ user_id: me })).data).toHaveLength(1);
  });

  it('the same key with another body is 422 idempotency_key_reused', async () => {
    const key = `k-${uid()}`;
    const [a, b] = [uid(), uid()];
    await direct.rooms.create({ type: 'group', participants: [a, b] }, { idempotencyKey: key });
    await expectApiError(
      direct.rooms.create({ type: 'group', participants: [a, uid()] }, { idempotencyKey: key }),
      422,
      'idempotency_key_reused',
    );
  });

  it('concurrent calls with one key have one effect and all get the same result', async () => {
    const me = uid();
    const room = await direct.rooms.create({ type: 'group', participants: [me, uid()] });
    const key = `send-${uid()}`;
    const c = makeClient({ maxRetries: 10 });
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        c.messages.send({ room_id: room.room_id, sender_id: me, content: 'once' }, { idempotencyKey: key }),
      ),
    );
    expect(new Set(results.map((m) => m.message_id)).size).toBe(1);
    expect((await direct.messages.list(room.room_id)).data).toHaveLength(1);
  });
});
