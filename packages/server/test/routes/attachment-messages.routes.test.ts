/**
 * Sending uploads in messages (once, in their room, by their uploader or the backend), receiving
 * them in realtime and in history with fresh URLs, and the lifetimes: URLs that expire, unsent
 * uploads, deleted rooms and redacted messages whose bytes are removed.
 */
import { basename } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  backendUpload,
  download,
  pdfOf,
  pngOf,
  startAttachmentServer,
  userUpload,
  type AttachmentTestServer,
} from '../helpers/attachments.js';
import { ManualClock } from '../helpers/clock.js';
import type { TestServer } from '../helpers/test-server.js';
import { userFetch } from '../helpers/user-fetch.js';
import { TestSocket } from '../helpers/ws-client.js';

let s: AttachmentTestServer;
let t: TestServer;
let clock: ManualClock;
let alice: string;
let bob: string;
let roomId: string;
let otherRoom: string;

const token = (userId: string) => s.token(userId);

async function sendAs(tok: string, room: string, body: unknown) {
  const res = await userFetch(t.url, tok, `/v1/me/rooms/${room}/messages`, { body });
  return { status: res.status, body: (await res.json()) as any };
}

/** The names of the files stored. */
const stored = async () => (await s.files()).map((f) => basename(f));

beforeAll(async () => {
  clock = new ManualClock();
  s = await startAttachmentServer({ clock });
  t = s.t;
  alice = await token('alice');
  bob = await token('bob');
  roomId = await s.room(['alice', 'bob']);
  otherRoom = await s.room(['alice', 'carol']);
});
afterAll(() => s.close());

describe('sending attachments', () => {
  it('an image message carries its attachments, live to the room and in history with fresh URLs', async () => {
    const socket = await TestSocket.connect(t.url, bob);
    const photo = (await userUpload(t.url, alice, roomId, 'photo.png', await pngOf(100, 50))).body;
    const sent = await sendAs(alice, roomId, {
      content_type: 'image',
      content: 'the damaged box',
      attachments: [photo.attachment_id],
    });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ content_type: 'image', content: 'the damaged box' });
    expect(sent.body.attachments).toEqual([
      expect.objectContaining({
        attachment_id: photo.attachment_id,
        width: 100,
        height: 50,
        message_id: sent.body.message_id,
      }),
    ]);

    const live = await socket.waitFor((f) => f.type === 'message.created');
    expect(live.message.attachments[0].attachment_id).toBe(photo.attachment_id);
    expect((await download(live.message.attachments[0].url)).status).toBe(200);
    socket.close();

    // An hour on, the first URLs have expired; history hands out new ones.
    clock.advance(3601_000);
    const old = await download(sent.body.attachments[0].url);
    expect(old.status).toBe(403);
    expect(JSON.parse(old.bytes.toString()).error.code).toBe('download_url_expired');
    const history = await userFetch(t.url, bob, `/v1/me/rooms/${roomId}/messages`);
    const message = ((await history.json()) as any).data.find((m: any) => m.message_id === sent.body.message_id);
    const fresh = message.attachments[0];
    expect(fresh.url).not.toBe(sent.body.attachments[0].url);
    expect((await download(fresh.url)).status).toBe(200);
    expect((await download(fresh.thumbnail.url)).status).toBe(200);
    // Now that it is sent, the other member may read its description too.
    expect((await userFetch(t.url, bob, `/v1/me/attachments/${photo.attachment_id}`)).status).toBe(200);
  });

  it('a file message without content; the backend sends the attachments in the order given', async () => {
    const a = (await backendUpload(t.url, t.credentials, roomId, 'a.pdf', pdfOf())).body;
    const b = (await userUpload(t.url, alice, roomId, 'b.txt', Buffer.from('bee'))).body;
    const res = await t.client.post('/v1/messages', {
      room_id: roomId,
      sender_id: 'system',
      content_type: 'file',
      attachments: [b.attachment_id, a.attachment_id],
    });
    expect(res.status).toBe(201);
    expect(res.body.content).toBe('');
    expect(res.body.attachments.map((x: any) => x.attachment_id)).toEqual([b.attachment_id, a.attachment_id]);
    const history = await t.client.get(`/v1/rooms/${roomId}/messages?limit=1`);
    expect(history.body.data[0].attachments.map((x: any) => x.name)).toEqual(['b.txt', 'a.pdf']);
  });

  it('refuses, naming each attachment and the rule, and sends nothing', async () => {
    const before = (await t.client.get(`/v1/rooms/${roomId}`)).body.last_seq;
    const pdf = (await userUpload(t.url, alice, roomId, 'x.pdf', pdfOf())).body;
    const bobs = (await userUpload(t.url, bob, roomId, 'bob.txt', Buffer.from('mine'))).body;
    const elsewhere = (await userUpload(t.url, alice, otherRoom, 'y.txt', Buffer.from('y'))).body;
    const backendOne = (await backendUpload(t.url, t.credentials, roomId, 'z.txt', Buffer.from('z'))).body;
    const other = await t.newProject('other');
    const otherRoomId = (await other.client.post('/v1/rooms', { type: 'group', participants: ['alice', 'x'] })).body
      .room_id;
    const foreign = (await backendUpload(t.url, other.credentials, otherRoomId, 'f.txt', Buffer.from('f'))).body;

    const res = await sendAs(alice, roomId, {
      content_type: 'image',
      attachments: [
        pdf.attachment_id,
        bobs.attachment_id,
        elsewhere.attachment_id,
        backendOne.attachment_id,
        foreign.attachment_id,
        'att_nope',
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details.map((d: any) => [d.field, d.rule])).toEqual([
      ['attachments.0', 'image'],
      ['attachments.1', 'uploader'],
      ['attachments.2', 'attachment'],
      ['attachments.3', 'uploader'],
      ['attachments.4', 'attachment'],
      ['attachments.5', 'attachment'],
    ]);
    expect((await t.client.get(`/v1/rooms/${roomId}`)).body.last_seq).toBe(before);
    // Nothing was claimed by the refused message: the PDF still sends as a file.
    expect((await sendAs(alice, roomId, { content_type: 'file', attachments: [pdf.attachment_id] })).status).toBe(201);
    const twice = await sendAs(alice, roomId, { content_type: 'file', attachments: [pdf.attachment_id] });
    expect(twice.body.error.details[0]).toMatchObject({ field: 'attachments.0', rule: 'unsent' });

    const asText = await sendAs(alice, roomId, { content_type: 'text', attachments: [bobs.attachment_id] });
    expect(asText.body.error.details[0]).toMatchObject({ field: 'attachments', rule: 'contentType' });
    const none = await sendAs(alice, roomId, { content_type: 'file' });
    expect(none.body.error.details[0]).toMatchObject({ field: 'content', rule: 'required' });
    const eleven = await sendAs(alice, roomId, {
      content_type: 'file',
      attachments: Array.from({ length: 11 }, (_, i) => `att_${i}`),
    });
    expect(eleven.body.error.details[0]).toMatchObject({ field: 'attachments', rule: 'maxItems' });
  });
});

describe('lifetimes', () => {
  it('removes unsent uploads after the grace period, bytes and all; sent ones stay', async () => {
    const unsent = (await userUpload(t.url, alice, roomId, 'later.png', await pngOf(20, 20))).body;
    const kept = (await userUpload(t.url, alice, roomId, 'kept.txt', Buffer.from('kept'))).body;
    await sendAs(alice, roomId, { content_type: 'file', attachments: [kept.attachment_id] });
    expect(await stored()).toEqual(
      expect.arrayContaining([unsent.attachment_id, `${unsent.attachment_id}.thumb.webp`]),
    );

    clock.advance(23 * 3600_000);
    await t.server.services.attachments.sweep();
    expect(await stored()).toContain(unsent.attachment_id);
    clock.advance(2 * 3600_000);
    await t.server.services.attachments.sweep();
    const files = await stored();
    expect(files.some((f) => f.startsWith(unsent.attachment_id))).toBe(false);
    expect(files).toContain(kept.attachment_id);
    expect((await t.client.get(`/v1/attachments/${unsent.attachment_id}`)).status).toBe(404);
    expect((await t.client.get(`/v1/attachments/${kept.attachment_id}`)).status).toBe(200);
  });

  it('a deleted room’s attachments stop downloading at once and are removed after the grace period', async () => {
    const room = await s.room(['alice', 'bob']);
    const a = (await userUpload(t.url, alice, room, 'a.txt', Buffer.from('a'))).body;
    await sendAs(alice, room, { content_type: 'file', attachments: [a.attachment_id] });
    await t.client.delete(`/v1/rooms/${room}`);
    expect((await download(a.url)).status).toBe(404);
    clock.advance(25 * 3600_000);
    await t.server.services.attachments.sweep();
    expect(await stored()).not.toContain(a.attachment_id);
  });

  it('deleting a user with redaction removes their messages’ attachments', async () => {
    const dave = await token('dave');
    const room = await s.room(['dave', 'bob']);
    const a = (await userUpload(t.url, dave, room, 'a.png', await pngOf(30, 30))).body;
    await sendAs(dave, room, { content_type: 'image', attachments: [a.attachment_id] });
    expect((await t.client.delete('/v1/users/dave?redact_messages=true')).status).toBe(200);
    const history = await t.client.get(`/v1/rooms/${room}/messages`);
    expect(history.body.data[0].attachments).toBeUndefined();
    // At once, before the sweep: the URL handed out before no longer serves it.
    expect((await download(a.url)).status).toBe(404);
    expect((await t.client.get(`/v1/attachments/${a.attachment_id}`)).status).toBe(404);
    await t.server.services.attachments.sweep();
    expect((await stored()).some((f) => f.startsWith(a.attachment_id))).toBe(false);
  });
});
