/**
 * Deleting a message (the soft delete of the message features) frees its attachments: no longer
 * served or described from that moment, and their bytes removed once the grace period soft-deleted
 * attachments get (OICHAT_ATTACHMENT_GRACE_HOURS, as for a deleted room) has passed. A server of
 * its own, whose clock starts now: the deletion is stamped with the system's time, which the
 * clock must not have passed already.
 */
import { basename } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  download,
  pdfOf,
  pngOf,
  startAttachmentServer,
  userUpload,
  type AttachmentTestServer,
} from '../helpers/attachments.js';
import { ManualClock } from '../helpers/clock.js';
import { userFetch } from '../helpers/user-fetch.js';

let s: AttachmentTestServer;
let clock: ManualClock;
let alice: string;
let bob: string;

beforeAll(async () => {
  clock = new ManualClock();
  s = await startAttachmentServer({ clock });
  alice = await s.token('alice');
  bob = await s.token('bob');
});
afterAll(() => s.close());

async function sendAs(token: string, room: string, body: unknown) {
  const res = await userFetch(s.t.url, token, `/v1/me/rooms/${room}/messages`, { body });
  return { status: res.status, body: (await res.json()) as any };
}

describe('deleting a message', () => {
  it('a deleted message’s attachments stop downloading at once and are removed after the grace period', async () => {
    const room = await s.room(['alice', 'bob']);
    const photo = (await userUpload(s.t.url, alice, room, 'photo.png', await pngOf(40, 30))).body;
    const pdf = (await userUpload(s.t.url, alice, room, 'order.pdf', pdfOf())).body;
    const sent = await sendAs(alice, room, {
      content_type: 'file',
      attachments: [photo.attachment_id, pdf.attachment_id],
    });
    expect(sent.status).toBe(201);
    const urls = [sent.body.attachments[0].url, sent.body.attachments[0].thumbnail.url, sent.body.attachments[1].url];
    for (const url of urls) expect((await download(url)).status).toBe(200);

    const deleted = await userFetch(s.t.url, alice, `/v1/me/messages/${sent.body.message_id}`, { method: 'DELETE' });
    expect(deleted.status).toBe(200);
    expect(((await deleted.json()) as any).attachments).toBeUndefined();
    // At once: the URLs already handed out serve nothing, and nobody obtains new ones.
    for (const url of urls) expect((await download(url)).status).toBe(404);
    for (const id of [photo.attachment_id, pdf.attachment_id]) {
      expect((await s.t.client.get(`/v1/attachments/${id}`)).status).toBe(404);
      expect((await userFetch(s.t.url, bob, `/v1/me/attachments/${id}`)).status).toBe(404);
      expect((await userFetch(s.t.url, alice, `/v1/me/attachments/${id}`)).status).toBe(404);
    }
    const history = (await (await userFetch(s.t.url, bob, `/v1/me/rooms/${room}/messages`)).json()) as any;
    const shown = history.data.find((m: any) => m.message_id === sent.body.message_id);
    expect(shown.deleted_at).toEqual(expect.any(String));
    expect(shown.attachments).toBeUndefined();
    // A deleted message's uploads cannot be sent again either.
    const again = await sendAs(alice, room, { content_type: 'file', attachments: [pdf.attachment_id] });
    expect(again.body.error.details[0]).toMatchObject({ field: 'attachments.0', rule: 'unsent' });

    // The bytes stay for the grace period soft-deleted data has (24 h), then go.
    const ofMessage = async () =>
      (await s.files())
        .map((f) => basename(f))
        .filter((f) => f.startsWith(photo.attachment_id) || f.startsWith(pdf.attachment_id));
    clock.advance(23 * 3600_000);
    await s.t.server.services.attachments.sweep();
    expect(await ofMessage()).toHaveLength(3);
    clock.advance(2 * 3600_000);
    await s.t.server.services.attachments.sweep();
    expect(await ofMessage()).toEqual([]);
  });
});
