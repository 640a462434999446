/**
 * Webhooks for message changes: each change event is delivered with the message (or the change)
 * in its payload, in the room's order; a deleted message's former content is gone from every
 * stored event, so a redelivery never carries it.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { newRoom, send } from '../helpers/message-actors.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { startReceiver, type Receiver } from '../helpers/webhook-receiver.js';

let t: TestServer;
let hooks: Receiver;
let endpointId: string;
beforeAll(async () => {
  t = await startTestServer({ webhooksAllowPrivate: true });
  hooks = await startReceiver();
  const created = await t.client.post('/v1/webhooks', { url: hooks.url });
  expect(created.status).toBe(201);
  endpointId = created.body.endpoint_id;
});
afterAll(async () => {
  await t.close();
  await hooks.close();
});

it('delivers every change of a room in order, with the message in its payload', async () => {
  const room = await newRoom(t, ['alice', 'bob']);
  const m = await send(t, room, 'alice', 'top secret', { metadata: { k: 'v' } });
  await t.client.patch(`/v1/messages/${m.message_id}`, { content: 'still secret' });
  await t.client.post(`/v1/messages/${m.message_id}/reactions`, { user_id: 'bob', type: '👀' });
  await t.client.delete(`/v1/messages/${m.message_id}/reactions/${encodeURIComponent('👀')}?user_id=bob`);
  await t.client.post(`/v1/messages/${m.message_id}/pin`);
  await t.client.delete(`/v1/messages/${m.message_id}/pin`);
  const reply = await send(t, room, 'bob', 'a reply', { parent_id: m.message_id });
  const inRoom = (all: typeof hooks.received) => all.filter((r) => r.json.data.message?.room_id === room);
  // Delivered before the delete: a delivery still pending when it commits carries the deleted message.
  await hooks.waitFor((all) => inRoom(all).length >= 7);
  await t.client.delete(`/v1/messages/${m.message_id}`);
  const received = inRoom(await hooks.waitFor((all) => inRoom(all).length >= 8));
  expect(received.map((r) => r.json.type)).toEqual([
    'message.created',
    'message.updated',
    'reaction.added',
    'reaction.removed',
    'message.pinned',
    'message.unpinned',
    'message.created',
    'message.deleted',
  ]);
  const [, updated, added, , pinned, , replied, deleted] = received.map((r) => r.json.data);
  expect(updated.message).toMatchObject({ content: 'still secret', edited_at: expect.any(String) });
  expect(added).toMatchObject({ user_id: 'bob', reaction: '👀', reactions: { '👀': 1 }, message_id: m.message_id });
  expect(pinned.message).toMatchObject({ pinned_by: 'system' });
  expect(replied.message.message_id).toBe(reply.message_id);
  expect(replied.root.message).toMatchObject({ message_id: m.message_id, reply_count: 1 });
  expect(deleted.message).toMatchObject({ content: '', metadata: {}, deleted_at: expect.any(String) });
  const changeSeqs = [
    updated,
    added,
    received[3]!.json.data,
    pinned,
    received[5]!.json.data,
    replied.root,
    deleted,
  ].map((d) => d.change_seq);
  expect(changeSeqs).toEqual([...changeSeqs].sort((a, b) => a - b));

  // The stored events were rewritten: a redelivery never shows the old content, nor the root's in a reply's event.
  for (const r of received) {
    const stored = await t.server.store.events.findById(r.json.id);
    expect(stored!.payload).not.toContain('secret');
  }
  const before = hooks.received.length;
  for (const r of received.slice(0, 7)) {
    const resent = await t.client.post(`/v1/webhooks/${endpointId}/resend`, { event_id: r.json.id });
    expect(resent.status).toBe(202);
  }
  const replays = (await hooks.waitFor((all) => all.length >= before + 7)).slice(before);
  expect(replays.map((r) => r.json.id).sort()).toEqual(
    received
      .slice(0, 7)
      .map((r) => r.json.id)
      .sort(),
  );
  for (const r of replays) {
    expect(JSON.stringify(r.json)).not.toContain('secret');
    const copies = [r.json.data.message, r.json.data.root?.message].filter((c) => c?.message_id === m.message_id);
    for (const copy of copies)
      expect(copy).toMatchObject({ content: '', metadata: {}, deleted_at: deleted.message.deleted_at });
  }
  expect(
    replays.find((r) => r.json.type === 'message.created' && r.json.data.root)!.json.data.root.message,
  ).toMatchObject({
    message_id: m.message_id,
    deleted_at: expect.any(String),
  });
});

it('delivers a room’s changes in change order, and its messages in seq order, when they are made at once', async () => {
  const room = await newRoom(t, ['alice', 'bob']);
  const root = await send(t, room, 'alice', 'root');
  const targets = [await send(t, room, 'alice', 'x'), await send(t, room, 'bob', 'y')];
  const calls = targets.flatMap((m, i) => [
    t.client.patch(`/v1/messages/${m.message_id}`, { content: `edited ${i}` }),
    t.client.post(`/v1/messages/${m.message_id}/reactions`, { user_id: 'alice', type: 'a' }),
    t.client.post(`/v1/messages/${m.message_id}/reactions`, { user_id: 'bob', type: 'b' }),
    t.client.post(`/v1/messages/${m.message_id}/pin`),
    t.client.post('/v1/messages', { room_id: room, sender_id: 'bob', content: 'r', parent_id: root.message_id }),
  ]);
  expect((await Promise.all(calls)).map((r) => r.status).filter((s) => s >= 300)).toEqual([]);
  const ofRoom = (all: typeof hooks.received) =>
    all.filter((r) => (r.json.data.message?.room_id ?? r.json.data.room_id) === room);
  // 3 sends, then 2 replies (each carrying its root's change) and 4 changes of each target.
  const received = ofRoom(await hooks.waitFor((all) => ofRoom(all).length >= 3 + 2 + 8));
  const changes = received.flatMap((r) =>
    r.json.type === 'message.created'
      ? r.json.data.root
        ? [r.json.data.root.change_seq]
        : []
      : [r.json.data.change_seq],
  );
  expect(changes).toHaveLength(10);
  expect(changes).toEqual([...changes].sort((a, b) => a - b));
  expect(new Set(changes).size).toBe(changes.length);
  const seqs = received.filter((r) => r.json.type === 'message.created').map((r) => r.json.data.message.seq);
  expect(seqs).toEqual([1, 2, 3, 4, 5]);
});

it('a user deleted with redact_messages leaves no content in the stored change events of their messages', async () => {
  await t.client.post('/v1/auth/token', { user_id: 'leaver' });
  const room = await newRoom(t, ['leaver', 'bob']);
  const m = await send(t, room, 'leaver', 'my address is 1 Main St');
  await t.client.patch(`/v1/messages/${m.message_id}`, { content: 'my address is 2 Main St' });
  await t.client.post(`/v1/messages/${m.message_id}/reactions`, { user_id: 'bob', type: 'ok' });
  await send(t, room, 'bob', 'noted', { parent_id: m.message_id });
  expect((await t.client.delete('/v1/users/leaver?redact_messages=true')).body.messages_redacted).toBe(1);
  const stored = await hooks.waitFor(
    (all) => all.filter((r) => r.json.data.root?.message?.message_id === m.message_id).length > 0,
  );
  for (const r of stored.filter((x) => JSON.stringify(x.json.data).includes(m.message_id))) {
    const event = await t.server.store.events.findById(r.json.id);
    expect(event!.payload).not.toContain('Main St');
  }
});
