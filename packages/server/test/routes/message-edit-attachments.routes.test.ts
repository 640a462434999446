/**
 * Editing an image or file message that sent uploads: its content is a caption, any text, as at
 * the send; one without uploads keeps the file-URL rule.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { pngOf, startAttachmentServer, userUpload, type AttachmentTestServer } from '../helpers/attachments.js';
import { userFetch } from '../helpers/user-fetch.js';

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
