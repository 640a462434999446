/**
 * A message with attachments carries them wherever the API hands it out, with URLs that work:
 * read on its own, edited, reacted to, pinned and listed among the pins, found by search, listed
 * among a thread's replies, live in the change frames, and replayed by a realtime resume. A UI
 * that replaces a message by its changed copy must not lose its images.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  download,
  pdfOf,
  pngOf,
  startAttachmentServer,
  userUpload,
  type AttachmentTestServer,
} from '../helpers/attachments.js';
import { userFetch } from '../helpers/user-fetch.js';
import { TestSocket } from '../helpers/ws-client.js';

let s: AttachmentTestServer;
let alice: string;
let bob: string;
let roomId: string;
let message: any;

async function call(token: string, method: string, path: string, body?: unknown) {
  const res = await userFetch(s.t.url, token, path, { method, ...(body !== undefined && { body }) });
  return { status: res.status, body: (await res.json()) as any };
}

/** The attachment ids a message carries, after checking that its first URL serves the bytes. */
async function carried(m: any): Promise<string[]> {
  expect(m.attachments, `message ${m.message_id} carries its attachments`).toBeDefined();
  expect((await download(m.attachments[0].url)).status).toBe(200);
  return m.attachments.map((a: any) => a.attachment_id);
}

beforeAll(async () => {
  s = await startAttachmentServer();
  alice = await s.token('alice');
  bob = await s.token('bob');
  roomId = await s.room(['alice', 'bob']);
  const photo = (await userUpload(s.t.url, alice, roomId, 'box.png', await pngOf(60, 40))).body;
  message = (
    await call(alice, 'POST', `/v1/me/rooms/${roomId}/messages`, {
      content_type: 'image',
      content: 'the damaged parcel',
      attachments: [photo.attachment_id],
    })
  ).body;
});
afterAll(async () => {
  await s.close();
});

describe('a message with attachments, wherever it is returned', () => {
  it('read on its own, by the backend and by a member', async () => {
    const ids = message.attachments.map((a: any) => a.attachment_id);
    expect(await carried((await s.t.client.get(`/v1/messages/${message.message_id}`)).body)).toEqual(ids);
    expect(await carried((await call(bob, 'GET', `/v1/me/messages/${message.message_id}`)).body)).toEqual(ids);
  });

  it('edited, reacted to and pinned: in the answers and in the change frames', async () => {
    const ids = message.attachments.map((a: any) => a.attachment_id);
    const socket = await TestSocket.connect(s.t.url, bob);
    const edited = await call(alice, 'PATCH', `/v1/me/messages/${message.message_id}`, { content: 'the parcel' });
    expect(await carried(edited.body)).toEqual(ids);
    const reacted = await call(bob, 'POST', `/v1/me/messages/${message.message_id}/reactions`, { type: 'eyes' });
    expect(await carried(reacted.body)).toEqual(ids);
    const pinned = await call(bob, 'POST', `/v1/me/messages/${message.message_id}/pin`);
    expect(await carried(pinned.body)).toEqual(ids);
    await socket.waitForCount('message.pinned', 1);
    for (const type of ['message.updated', 'reaction.added', 'message.pinned']) {
      const [frame] = socket.of(type);
      expect(await carried(frame!.message), type).toEqual(ids);
    }
    socket.close();
    await socket.closed;
    const pins = await call(bob, 'GET', `/v1/me/rooms/${roomId}/pins`);
    expect(await carried(pins.body.data[0])).toEqual(ids);
  });

  it('found by search, and listed among a thread’s replies', async () => {
    const found = await call(bob, 'GET', `/v1/me/messages/search?query=parcel`);
    expect(found.body.data.map((m: any) => m.message_id)).toEqual([message.message_id]);
    await carried(found.body.data[0]);
    const backendFound = await s.t.client.get(`/v1/messages/search?query=parcel`);
    await carried(backendFound.body.data[0]);

    const socket = await TestSocket.connect(s.t.url, alice);
    const pdf = (await userUpload(s.t.url, bob, roomId, 'label.pdf', pdfOf())).body;
    const reply = await call(bob, 'POST', `/v1/me/rooms/${roomId}/messages`, {
      content_type: 'file',
      parent_id: message.message_id,
      attachments: [pdf.attachment_id],
    });
    expect(reply.status).toBe(201);
    // The root's new reply count comes as its changed copy: with its own attachments still.
    const [root] = await socket.waitForCount('message.updated', 1);
    expect(root!.message).toMatchObject({ message_id: message.message_id, reply_count: 1 });
    expect(await carried(root!.message)).toEqual(message.attachments.map((a: any) => a.attachment_id));
    socket.close();
    await socket.closed;
    const replies = await call(alice, 'GET', `/v1/me/messages/${message.message_id}/replies`);
    expect(await carried(replies.body.data[0])).toEqual([pdf.attachment_id]);
    const backendReplies = await s.t.client.get(`/v1/messages/${message.message_id}/replies`);
    expect(await carried(backendReplies.body.data[0])).toEqual([pdf.attachment_id]);
  });

  it('replayed by a realtime resume of the changes made while away', async () => {
    const first = await TestSocket.connect(s.t.url, bob);
    const position = first.of('ready')[0]!.rooms.find((r: any) => r.room_id === roomId);
    first.close();
    await first.closed;
    await call(alice, 'PATCH', `/v1/me/messages/${message.message_id}`, { content: 'the parcel, again' });
    const resumed = await TestSocket.open(s.t.url, {
      token: bob,
      resume: { [roomId]: position.last_seq },
      changes: { [roomId]: position.last_change_seq },
    });
    await resumed.waitForCount('message.updated', 1);
    const [frame] = resumed.of('message.updated');
    expect(frame!.message.content).toBe('the parcel, again');
    expect(await carried(frame!.message)).toEqual(message.attachments.map((a: any) => a.attachment_id));
    resumed.close();
    await resumed.closed;
  });
});
