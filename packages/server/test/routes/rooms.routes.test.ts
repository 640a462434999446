import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, uniqueUser, type TestServer } from '../helpers/test-server.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const createGroup = async (participants: string[], extra: Record<string, unknown> = {}) => {
  const res = await t.client.post('/v1/rooms', { type: 'group', participants, ...extra });
  expect(res.status).toBe(201);
  return res.body;
};

describe('POST /v1/rooms', () => {
  it('creates a group room with everything the seed shows', async () => {
    const res = await t.client.post('/v1/rooms', {
      type: 'group',
      name: 'Order #1234 Support',
      participants: ['user-123', 'agent-1'],
      metadata: { order_id: '1234' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      type: 'group',
      name: 'Order #1234 Support',
      status: 'open',
      metadata: { order_id: '1234' },
      participants: ['user-123', 'agent-1'],
      participant_count: 2,
      message_count: 0,
      last_seq: 0,
      last_message_at: null,
    });
    expect(res.body.room_id).toMatch(/^room_[0-9A-Za-z]{20}$/);
    expect(new Date(res.body.created_at).toISOString()).toBe(res.body.created_at);
    expect(res.body.updated_at).toBe(res.body.created_at);
  });

  it('returns the existing direct room for the same pair, in either order, with 200', async () => {
    const [a, b] = [uniqueUser(), uniqueUser()];
    const first = await t.client.post('/v1/rooms', { type: 'direct', participants: [a, b] });
    expect(first.status).toBe(201);
    const again = await t.client.post('/v1/rooms', { type: 'direct', participants: [b, a] });
    expect(again.status).toBe(200);
    expect(again.body.room_id).toBe(first.body.room_id);
    const group = await t.client.post('/v1/rooms', { type: 'group', participants: [a, b] });
    expect(group.body.room_id).not.toBe(first.body.room_id);
  });

  it('creates a new direct room for a pair once their old one is deleted', async () => {
    const [a, b] = [uniqueUser(), uniqueUser()];
    const first = await t.client.post('/v1/rooms', { type: 'direct', participants: [a, b] });
    await t.client.delete(`/v1/rooms/${first.body.room_id}`);
    const second = await t.client.post('/v1/rooms', { type: 'direct', participants: [a, b] });
    expect(second.status).toBe(201);
    expect(second.body.room_id).not.toBe(first.body.room_id);
  });

  it.each(
    [
      [{ type: 'direct', participants: ['a', 'b', 'c'] }, 'participants', 'directPair'],
      [{ type: 'direct', participants: ['a', 'a'] }, 'participants.1', 'unique'],
      [{ type: 'group', participants: ['a'] }, 'participants', 'minItems'],
      [{ type: 'group', participants: Array.from({ length: 501 }, (_, i) => `u${i}`) }, 'participants', 'maxItems'],
      [{ type: 'group', participants: ['a', 'b', 'a'] }, 'participants.2', 'unique'],
      [{ type: 'group', participants: ['a', 'b'], name: 'n'.repeat(201) }, 'name', 'maxLength'],
      [{ type: 'group', participants: ['a', 'b'], metadata: { big: 'x'.repeat(8200) } }, 'metadata', 'maxBytes'],
      [{ type: 'group', participants: ['a', 'b'], metadata: [1] }, 'metadata', 'type'],
      [{ type: 'channel', participants: ['a', 'b'] }, 'type', 'enum'],
      [{ participants: ['a', 'b'] }, 'type', 'required'],
      [{ type: 'group' }, 'participants', 'required'],
      [{ type: 'group', participants: ['a', ''] }, 'participants.1', 'minLength'],
      [{ type: 'group', participants: ['a', 'system'] }, 'participants.1', 'reserved'],
    ].map(([body, field, rule]) => [field, rule, body] as const),
  )('400: %s breaks %s', async (field, rule, body) => {
    const res = await t.client.post('/v1/rooms', body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details).toContainEqual(expect.objectContaining({ field, rule }));
  });

  it('accepts exactly 500 participants in a group and metadata of exactly 8 KB', async () => {
    const participants = Array.from({ length: 500 }, (_, i) => `big-${i}`);
    const metadata = { k: 'x'.repeat(8192 - JSON.stringify({ k: '' }).length) };
    const room = await createGroup(participants, { metadata });
    expect(room.participant_count).toBe(500);
    expect(room.participants).toEqual(participants);
  });
});

describe('GET/PATCH/DELETE /v1/rooms/:room_id', () => {
  it('gets a room, and 404 room_not_found for an unknown id', async () => {
    const room = await createGroup(['g1', 'g2']);
    const res = await t.client.get(`/v1/rooms/${room.room_id}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(room);
    const missing = await t.client.get('/v1/rooms/room_nope');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('room_not_found');
  });

  it('updates name, metadata and status, and moves updated_at', async () => {
    const room = await createGroup(['p1', 'p2'], { name: 'Old', metadata: { a: 1 } });
    await new Promise((r) => setTimeout(r, 5));
    const res = await t.client.patch(`/v1/rooms/${room.room_id}`, {
      name: 'New Name',
      metadata: { updated: true },
      status: 'resolved',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'New Name', metadata: { updated: true }, status: 'resolved' });
    expect(res.body.updated_at > room.updated_at).toBe(true);
    const cleared = await t.client.patch(`/v1/rooms/${room.room_id}`, { name: null });
    expect(cleared.body.name).toBeNull();
    expect(cleared.body.metadata).toEqual({ updated: true });
  });

  it('rejects an empty update and a bad status', async () => {
    const room = await createGroup(['p1', 'p2']);
    const empty = await t.client.patch(`/v1/rooms/${room.room_id}`, {});
    expect(empty.status).toBe(400);
    expect(empty.body.error.details[0].rule).toBe('minProperties');
    const bad = await t.client.patch(`/v1/rooms/${room.room_id}`, { status: 'closed' });
    expect(bad.body.error.details).toContainEqual(expect.objectContaining({ field: 'status', rule: 'enum' }));
  });

  it('holds an update to the limits of a create: name ≤ 200, metadata an object ≤ 8 KB; a refused update changes nothing', async () => {
    const room = await createGroup(['q1', 'q2'], { name: 'Kept', metadata: { keep: true } });
    const cases: [Record<string, unknown>, string, string][] = [
      [{ name: 'n'.repeat(201) }, 'name', 'maxLength'],
      [{ metadata: { blob: 'x'.repeat(8200) } }, 'metadata', 'maxBytes'],
      [{ metadata: ['not', 'an', 'object'] }, 'metadata', 'type'],
    ];
    for (const [body, field, rule] of cases) {
      const res = await t.client.patch(`/v1/rooms/${room.room_id}`, body);
      expect(res.status, JSON.stringify(body).slice(0, 60)).toBe(400);
      expect(res.body.error.details).toContainEqual(expect.objectContaining({ field, rule }));
    }
    expect((await t.client.patch(`/v1/rooms/${room.room_id}`, { name: 'n'.repeat(200) })).status).toBe(200);
    const after = (await t.client.get(`/v1/rooms/${room.room_id}`)).body;
    expect(after).toMatchObject({ name: 'n'.repeat(200), metadata: { keep: true } });
  });

  it('soft-deletes: 204, then 404 everywhere, with the data kept', async () => {
    const room = await createGroup(['d1', 'd2']);
    await t.client.post('/v1/messages', { room_id: room.room_id, sender_id: 'd1', content: 'kept' });
    const del = await t.client.delete(`/v1/rooms/${room.room_id}`);
    expect(del.status).toBe(204);
    expect(del.body).toBeNull();
    const id = room.room_id;
    const after = await Promise.all([
      t.client.get(`/v1/rooms/${id}`),
      t.client.patch(`/v1/rooms/${id}`, { name: 'x' }),
      t.client.delete(`/v1/rooms/${id}`),
      t.client.post(`/v1/rooms/${id}/participants`, { user_id: 'd3' }),
      t.client.delete(`/v1/rooms/${id}/participants/d1`),
      t.client.post(`/v1/rooms/${id}/leave`, { user_id: 'd1' }),
      t.client.post('/v1/messages', { room_id: id, sender_id: 'system', content: 'x' }),
      t.client.get(`/v1/rooms/${id}/messages`),
    ]);
    for (const res of after) {
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('room_not_found');
    }
    const listed = await t.client.get('/v1/rooms?user_id=d1');
    expect(listed.body.data.map((r: any) => r.room_id)).not.toContain(id);
    const kept = await t.server.store.messages.after(id, 0, 10);
    expect(kept.map((m) => m.content)).toEqual(['kept']);
  });
});

describe('participants', () => {
  it('adds a participant once; adding again changes nothing', async () => {
    const room = await createGroup(['a1', 'a2']);
    const added = await t.client.post(`/v1/rooms/${room.room_id}/participants`, { user_id: 'a3' });
    expect(added.status).toBe(200);
    expect(added.body.participants).toEqual(['a1', 'a2', 'a3']);
    const again = await t.client.post(`/v1/rooms/${room.room_id}/participants`, { user_id: 'a3' });
    expect(again.body.participants).toEqual(['a1', 'a2', 'a3']);
    expect(again.body.participant_count).toBe(3);
  });

  it('400 for the reserved "system": no user may take the backend\'s sender id', async () => {
    const room = await createGroup(['s1', 's2']);
    const res = await t.client.post(`/v1/rooms/${room.room_id}/participants`, { user_id: 'system' });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([expect.objectContaining({ field: 'user_id', rule: 'reserved' })]);
    expect(res.body.error.message).toMatch(/"system" is reserved/);
    expect((await t.client.get(`/v1/rooms/${room.room_id}`)).body.participants).toEqual(['s1', 's2']);
  });

  it('409 room_full past 500, and 409 direct_room_participants_fixed on a direct room', async () => {
    const full = await createGroup(Array.from({ length: 500 }, (_, i) => `f${i}`));
    const res = await t.client.post(`/v1/rooms/${full.room_id}/participants`, { user_id: 'one-too-many' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('room_full');
    const direct = (await t.client.post('/v1/rooms', { type: 'direct', participants: [uniqueUser(), uniqueUser()] }))
      .body;
    const add = await t.client.post(`/v1/rooms/${direct.room_id}/participants`, { user_id: 'third' });
    expect(add.status).toBe(409);
    expect(add.body.error.code).toBe('direct_room_participants_fixed');
    const remove = await t.client.delete(`/v1/rooms/${direct.room_id}/participants/${direct.participants[0]}`);
    expect(remove.body.error.code).toBe('direct_room_participants_fixed');
  });

  it('removes a participant, and 422 participant_not_found for a non-member', async () => {
    const room = await createGroup(['r1', 'r2', 'r3']);
    const res = await t.client.delete(`/v1/rooms/${room.room_id}/participants/r2`);
    expect(res.status).toBe(200);
    expect(res.body.participants).toEqual(['r1', 'r3']);
    expect(res.body.participant_count).toBe(2);
    const again = await t.client.delete(`/v1/rooms/${room.room_id}/participants/r2`);
    expect(again.status).toBe(422);
    expect(again.body.error.code).toBe('participant_not_found');
  });

  it('leave reports destroyed only when the last participant leaves, and the room is then gone', async () => {
    const room = await createGroup(['l1', 'l2']);
    const first = await t.client.post(`/v1/rooms/${room.room_id}/leave`, { user_id: 'l1' });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ room_id: room.room_id, user_id: 'l1', destroyed: false });
    const last = await t.client.post(`/v1/rooms/${room.room_id}/leave`, { user_id: 'l2' });
    expect(last.body).toEqual({ room_id: room.room_id, user_id: 'l2', destroyed: true });
    expect((await t.client.get(`/v1/rooms/${room.room_id}`)).status).toBe(404);
  });

  it('leave by a non-member is 422 participant_not_found', async () => {
    const room = await createGroup(['n1', 'n2']);
    const res = await t.client.post(`/v1/rooms/${room.room_id}/leave`, { user_id: 'stranger' });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('participant_not_found');
  });
});

describe('OICHAT_MAX_ROOM_PARTICIPANTS', () => {
  it('sets how large a room can grow by adding participants', async () => {
    const small = await startTestServer({ env: { OICHAT_MAX_ROOM_PARTICIPANTS: '3' } });
    try {
      const room = (await small.client.post('/v1/rooms', { type: 'group', participants: ['a', 'b'] })).body;
      expect((await small.client.post(`/v1/rooms/${room.room_id}/participants`, { user_id: 'c' })).status).toBe(200);
      const full = await small.client.post(`/v1/rooms/${room.room_id}/participants`, { user_id: 'd' });
      expect(full.status).toBe(409);
      expect(full.body.error).toMatchObject({ code: 'room_full', message: expect.stringContaining('3 participants') });
    } finally {
      await small.close();
    }
  });
});
