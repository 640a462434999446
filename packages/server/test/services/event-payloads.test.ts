/**
 * Event storage must not grow with the square of room size (issue 10, finding 9): an event about
 * one member joining or leaving, or about the room's fields, carries the change and the room
 * without its participant list, so it is as large in a room of 200 as in a room of 3. What is
 * delivered by webhook is what is stored; readers that need the members fetch the room.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { startReceiver, type Receiver } from '../helpers/webhook-receiver.js';

let t: TestServer;
let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
  t = await startTestServer({ webhooksAllowPrivate: true, env: { OICHAT_MAX_ROOM_PARTICIPANTS: '1000' } });
});
afterAll(async () => {
  await t.close();
  await receiver.close();
});

const member = (i: number) => `member-${String(i).padStart(4, '0')}`;

it('membership and update events stay the same size however many members the room has', async () => {
  await t.client.post('/v1/webhooks', {
    url: receiver.url,
    event_types: ['participant.added', 'participant.removed', 'room.updated'],
  });
  const room = (await t.client.post('/v1/rooms', { type: 'group', participants: [member(0), member(1)] })).body;
  const added = 200;
  for (let i = 2; i < 2 + added; i++) {
    const res = await t.client.post(`/v1/rooms/${room.room_id}/participants`, { user_id: member(i) });
    expect(res.status).toBe(200);
  }
  await t.client.patch(`/v1/rooms/${room.room_id}`, { status: 'resolved' });
  await t.client.delete(`/v1/rooms/${room.room_id}/participants/${member(5)}`);
  const got = await receiver.waitFor((all) => all.length === added + 2, 30_000);

  const joins = got.filter((r) => r.json.type === 'participant.added');
  expect(joins.map((r) => r.json.data.user_id)).toEqual(Array.from({ length: added }, (_, i) => member(i + 2)));
  for (const r of got) {
    expect(r.json.data.room).not.toHaveProperty('participants');
    expect(r.json.data.room.room_id).toBe(room.room_id);
  }
  // The first join (3 members) and the last (202): only digits of counts differ.
  const sizes = joins.map((r) => r.body.length);
  expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(4);
  expect(joins.at(-1)!.json.data.room.participant_count).toBe(202);
  const [updated] = got.filter((r) => r.json.type === 'room.updated');
  expect(updated!.json.data.room).toMatchObject({ status: 'resolved', participant_count: 202 });
  const [left] = got.filter((r) => r.json.type === 'participant.removed');
  expect(left!.json.data).toMatchObject({ user_id: member(5), room: { participant_count: 201 } });

  // Stored as delivered, and the room itself still lists everyone.
  const stored = await t.server.store.events.findById(joins.at(-1)!.json.id);
  expect(stored!.payload).toBe(joins.at(-1)!.body);
  const full = (await t.client.get(`/v1/rooms/${room.room_id}`)).body;
  expect(full.participants).toHaveLength(201);
});
