/**
 * Message features on an image or file message that sent uploads: its content is a caption, any
 * text, when edited as at the send (one without uploads keeps the file-URL rule); every answer
 * and change event of the message features carries its attachments, as history does, until it
 * is deleted.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { pngOf, startAttachmentServer, userUpload, type AttachmentTestServer } from '../helpers/attachments.js';
import { userFetch } from '../helpers/user-fetch.js';
import { TestSocket } from '../helpers/ws-client.js';

let s: AttachmentTestServer;
beforeAll(async () => {
  s = await startAttachmentServer({});
});
afterAll(() => s.close());

const call = async (token: string, method: string, path: string, body?: unknown) => {
  const res = await userFetch(s.t.url, token, path, { method, body });
  return { status: res.status, body: (await res.json()) as any };
};

it('the caption of a message with attachments is edited like text; a URL message still needs a URL', async () => {
  const alice = await s.token('alice');
  const room = await s.room(['alice', 'bob']);
  const photo = (await userUpload(s.t.url, alice, room, 'box.png', await pngOf(20, 10))).body;
  const sent = await call(alice, 'POST', `/v1/me/rooms/${room}/messages`, {
    content_type: 'image',
    content: 'the box',
    attachments: [photo.attachment_id],
  });
  expect(sent.status).toBe(201);
  const edited = await call(alice, 'PATCH', `/v1/me/messages/${sent.body.message_id}`, { content: 'the damaged box' });
  expect(edited.status).toBe(200);
  expect(edited.body).toMatchObject({
    content: 'the damaged box',
    content_type: 'image',
    edited_at: expect.any(String),
  });
  const byBackend = await s.t.client.patch(`/v1/messages/${sent.body.message_id}`, { content: 'box, photo 1' });
  expect(byBackend.body.content).toBe('box, photo 1');

  const linked = await call(alice, 'POST', `/v1/me/rooms/${room}/messages`, {
    content_type: 'image',
    content: 'https://cdn.example/box.png',
  });
  const refused = await call(alice, 'PATCH', `/v1/me/messages/${linked.body.message_id}`, { content: 'a caption' });
  expect(refused.status).toBe(400);
  expect(refused.body.error.details[0]).toMatchObject({ field: 'content', rule: 'fileUrl' });
});

it('get, edits, reactions, pins, replies, search and change events carry the attachments; a deleted message none', async () => {
  const alice = await s.token('alice');
  const bob = await s.token('bob');
  const room = await s.room(['alice', 'bob']);
  const watcher = await TestSocket.connect(s.t.url, bob);
  const photo = (await userUpload(s.t.url, alice, room, 'crate.png', await pngOf(20, 10))).body;
  const root = (await call(alice, 'POST', `/v1/me/rooms/${room}/messages`, { content: 'root' })).body;
  const sent = (
    await call(alice, 'POST', `/v1/me/rooms/${room}/messages`, {
      content_type: 'image',
      content: 'zanzibar crate',
      attachments: [photo.attachment_id],
      parent_id: root.message_id,
    })
  ).body;
  const id = sent.message_id;
  const withPhoto = { attachments: [expect.objectContaining({ attachment_id: photo.attachment_id })] };
  const answers = {
    get: (await call(bob, 'GET', `/v1/me/messages/${id}`)).body,
    backendGet: (await s.t.client.get(`/v1/messages/${id}`)).body,
    edit: (await call(alice, 'PATCH', `/v1/me/messages/${id}`, { content: 'zanzibar crate, opened' })).body,
    react: (await call(bob, 'POST', `/v1/me/messages/${id}/reactions`, { type: '👀' })).body,
    pin: (await call(bob, 'POST', `/v1/me/messages/${id}/pin`)).body,
    pins: (await call(bob, 'GET', `/v1/me/rooms/${room}/pins`)).body.data[0],
    replies: (await call(bob, 'GET', `/v1/me/messages/${root.message_id}/replies`)).body.data[0],
    search: (await s.t.client.get('/v1/messages/search?query=zanzibar')).body.data[0],
    mySearch: (await call(bob, 'GET', '/v1/me/messages/search?query=zanzibar')).body.data[0],
  };
  for (const [name, answer] of Object.entries(answers))
    expect(answer, name).toMatchObject({ message_id: id, ...withPhoto });
  await watcher.roundTrip();
  const events = watcher.frames.filter((f) => typeof f.change_seq === 'number' && f.message.message_id === id);
  expect(events.map((f) => f.type)).toEqual(['message.updated', 'reaction.added', 'message.pinned']);
  for (const f of events) expect(f.message, f.type).toMatchObject(withPhoto);

  const deleted = (await call(alice, 'DELETE', `/v1/me/messages/${id}`)).body;
  expect(deleted).not.toHaveProperty('attachments');
  expect((await call(bob, 'GET', `/v1/me/messages/${id}`)).body).not.toHaveProperty('attachments');
  const history = (await s.t.client.get(`/v1/rooms/${room}/messages`)).body.data;
  expect(history.find((m: any) => m.message_id === id)).not.toHaveProperty('attachments');
  const replay = await TestSocket.open(s.t.url, { token: bob, resume: { [room]: 0 } });
  await replay.waitForCount('message.created', 2);
  expect(replay.of('message.created')[1]!.message).toMatchObject({ message_id: id, deleted_at: expect.any(String) });
  expect(replay.of('message.created')[1]!.message).not.toHaveProperty('attachments');
  replay.close();
  await watcher.roundTrip();
  expect(watcher.of('message.deleted').at(-1)!.message).not.toHaveProperty('attachments');
  watcher.close();
});
