import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let t: TestServer;
let roomId: string;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const newRoom = async (participants = ['alice', 'bob']) =>
  (await t.client.post('/v1/rooms', { type: 'group', participants })).body.room_id as string;

describe('POST /v1/messages', () => {
  it('sends a system message as the seed does, numbering it seq 1', async () => {
    roomId = await newRoom();
    const res = await t.client.post('/v1/messages', {
      room_id: roomId,
      sender_id: 'system',
      content: 'Your order has been confirmed.',
      content_type: 'system',
      metadata: { order_id: '1234' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      room_id: roomId,
      seq: 1,
      sender_id: 'system',
      content: 'Your order has been confirmed.',
      content_type: 'system',
      metadata: { order_id: '1234' },
    });
    expect(res.body.message_id).toMatch(/^msg_/);
    const room = (await t.client.get(`/v1/rooms/${roomId}`)).body;
    expect(room).toMatchObject({ message_count: 1, last_seq: 1, last_message_at: res.body.created_at });
  });

  it('lets a participant send (content_type defaults to text) and refuses a non-participant', async () => {
    const ok = await t.client.post('/v1/messages', { room_id: roomId, sender_id: 'alice', content: 'hi' });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ seq: 2, content_type: 'text', metadata: {} });
    const no = await t.client.post('/v1/messages', { room_id: roomId, sender_id: 'mallory', content: 'hi' });
    expect(no.status).toBe(422);
    expect(no.body.error.code).toBe('sender_not_participant');
    const missing = await t.client.post('/v1/messages', { room_id: 'room_missing', sender_id: 'system', content: 'x' });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('room_not_found');
  });

  it.each(
    [
      [{ content: '' }, 'content', 'minLength'],
      [{ content: 'x'.repeat(10_001) }, 'content', 'maxLength'],
      [{ content_type: 'video' }, 'content_type', 'enum'],
      [{ metadata: { m: 'x'.repeat(9000) } }, 'metadata', 'maxBytes'],
      [{ content: 5 }, 'content', 'type'],
      [{ sender_id: undefined }, 'sender_id', 'required'],
    ].map(([patch, field, rule]) => [field, rule, patch] as const),
  )('400: %s breaks %s', async (field, rule, patch) => {
    const res = await t.client.post('/v1/messages', {
      room_id: roomId,
      sender_id: 'alice',
      content: 'ok',
      ...(patch as object),
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toContainEqual(expect.objectContaining({ field, rule }));
  });

  it('numbers 50 concurrent sends 1..50 with no gap and no repeat', async () => {
    const id = await newRoom();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        t.client.post('/v1/messages', { room_id: id, sender_id: 'bob', content: `m${i}` }),
      ),
    );
    expect(results.every((r) => r.status === 201)).toBe(true);
    expect(results.map((r) => r.body.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('a failed send takes no seq', async () => {
    const id = await newRoom();
    await t.client.post('/v1/messages', { room_id: id, sender_id: 'alice', content: 'one' });
    await t.client.post('/v1/messages', { room_id: id, sender_id: 'nobody', content: 'rejected' });
    const next = await t.client.post('/v1/messages', { room_id: id, sender_id: 'alice', content: 'two' });
    expect(next.body.seq).toBe(2);
  });
});

describe('GET /v1/rooms/:room_id/messages', () => {
  let id: string;
  beforeAll(async () => {
    id = await newRoom();
    for (let i = 1; i <= 25; i++)
      await t.client.post('/v1/messages', { room_id: id, sender_id: 'alice', content: `m${i}` });
  });
  const seqs = (res: { body: { data: { seq: number }[] } }) => res.body.data.map((m) => m.seq);

  it('returns the newest messages ascending by default', async () => {
    const res = await t.client.get(`/v1/rooms/${id}/messages?limit=10`);
    expect(seqs(res)).toEqual([16, 17, 18, 19, 20, 21, 22, 23, 24, 25]);
    expect(res.body.has_more).toBe(true);
  });

  it('pages forward with after and backward with before, without overlap or gap', async () => {
    const forward: number[] = [];
    let after = 0;
    for (;;) {
      const res = await t.client.get(`/v1/rooms/${id}/messages?after=${after}&limit=10`);
      forward.push(...seqs(res));
      if (!res.body.has_more) break;
      after = forward.at(-1)!;
    }
    expect(forward).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));

    const backward: number[] = [];
    let before = 26;
    for (;;) {
      const res = await t.client.get(`/v1/rooms/${id}/messages?before=${before}&limit=7`);
      backward.unshift(...seqs(res));
      if (!res.body.has_more) break;
      before = backward[0]!;
    }
    expect(backward).toEqual(forward);
  });

  it('rejects after with before, a bad limit, and answers 404 for an unknown room', async () => {
    expect((await t.client.get(`/v1/rooms/${id}/messages?after=1&before=5`)).status).toBe(400);
    const bad = await t.client.get(`/v1/rooms/${id}/messages?limit=101`);
    expect(bad.body.error.details).toContainEqual(expect.objectContaining({ field: 'limit', rule: 'maximum' }));
    expect((await t.client.get(`/v1/rooms/${id}/messages?after=-1`)).status).toBe(400);
    expect((await t.client.get('/v1/rooms/room_none/messages')).body.error.code).toBe('room_not_found');
  });
});
