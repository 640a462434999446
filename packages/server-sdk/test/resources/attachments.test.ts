import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Attachment, OiChat, Room } from '../../src/index.ts';
import { expectApiError } from '../helpers/assertions.ts';
import { backends } from '../helpers/backends.ts';
import { uid } from '../helpers/env.ts';

// A 1×1 PNG: the smallest real image, which the server decodes and thumbnails.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

for (const backend of await backends()) {
  if (backend.unavailable) console.log(`attachments on ${backend.name} skipped: ${backend.unavailable}`);
  describe.skipIf(backend.unavailable !== null)(`attachments (real server on ${backend.name})`, () => {
    let on: Awaited<ReturnType<typeof backend.start>>;
    let oichat: OiChat;
    let room: Room;
    let agent: string;
    beforeAll(async () => {
      on = await backend.start();
      oichat = on.client(0);
      agent = uid();
      room = await oichat.rooms.create({ type: 'group', participants: [agent, uid()] });
    });
    afterAll(() => on?.stop());

    it('uploads a Buffer, sends it in a message, and the URL serves the same bytes', async () => {
      const text = Buffer.from('Invoice 2026-031\nTotal: 42.00 EUR\n');
      const uploaded: Attachment = await oichat.attachments.upload(room.room_id, text, { name: 'invoice.txt' });
      expect(uploaded).toMatchObject({
        attachment_id: expect.stringMatching(/^att_/),
        name: 'invoice.txt',
        mime_type: 'text/plain',
        size: text.length,
        sha256: sha256(text),
        uploader_id: null,
        message_id: null,
      });
      const message = await oichat.messages.send({
        room_id: room.room_id,
        sender_id: agent,
        content_type: 'file',
        content: 'Your invoice',
        attachments: [uploaded.attachment_id],
      });
      expect(message.attachments?.map((a) => a.attachment_id)).toEqual([uploaded.attachment_id]);
      const again = await oichat.attachments.get(uploaded.attachment_id);
      expect(again.message_id).toBe(message.message_id);
      const res = await fetch(again.url);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(Buffer.from(await res.arrayBuffer()).equals(text)).toBe(true);
      const history = await oichat.messages.list(room.room_id);
      expect(history.data.at(-1)?.attachments?.[0]?.name).toBe('invoice.txt');
    });

    it('takes a Blob, a Node stream and a web stream; an image comes back with its dimensions', async () => {
      const fromBlob = await oichat.attachments.upload(room.room_id, new Blob([PNG], { type: 'image/png' }), {
        name: 'dot.png',
      });
      expect(fromBlob).toMatchObject({ mime_type: 'image/png', width: 1, height: 1 });
      expect(fromBlob.thumbnail?.mime_type).toBe('image/webp');
      expect(typeof fromBlob.blurhash).toBe('string');
      const fromNode = await oichat.attachments.upload(
        room.room_id,
        Readable.from([PNG.subarray(0, 30), PNG.subarray(30)]),
        {
          name: 'dot.png',
        },
      );
      expect(fromNode.width).toBe(1);
      const web = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new Uint8Array(Buffer.from('line one\n')));
          controller.enqueue(new Uint8Array(Buffer.from('line two\n')));
          controller.close();
        },
      });
      const fromWeb = await oichat.attachments.upload(room.room_id, web, { name: 'notes.txt', mimeType: 'text/plain' });
      expect(fromWeb.size).toBe(18);
      await oichat.messages.send({
        room_id: room.room_id,
        sender_id: 'system',
        content_type: 'image',
        attachments: [fromBlob.attachment_id, fromNode.attachment_id],
      });
    });

    it('refuses by the bytes, not the name or the declared type, with the server’s codes', async () => {
      const html = Buffer.from('<html><script>alert(1)</script></html>');
      const refused = await expectApiError(
        oichat.attachments.upload(room.room_id, html, { name: 'cat.png', mimeType: 'image/png' }),
        415,
        'attachment_type_not_allowed',
      );
      expect(refused.message).toContain('text/html');
      await expectApiError(oichat.attachments.upload('room_nope', PNG, { name: 'x.png' }), 404, 'room_not_found');
      await expectApiError(oichat.attachments.get('att_nope'), 404, 'attachment_not_found');
      await expect(oichat.attachments.upload(room.room_id, PNG, { name: '' })).rejects.toThrow(/options.name/);
    });

    it('reads and narrows the project’s limits, and refuses to widen them', async () => {
      const client = on.client(1);
      const before = await client.attachments.settings();
      expect(before.max_bytes).toBeNull();
      expect(before.effective.max_bytes).toBe(before.server.max_bytes);
      const narrowed = await client.attachments.updateSettings({ max_bytes: 1000, allowed_types: ['text/plain'] });
      expect(narrowed.effective).toEqual({ max_bytes: 1000, allowed_types: ['text/plain'] });
      const big = await client.rooms.create({ type: 'group', participants: [uid(), uid()] });
      await expectApiError(
        client.attachments.upload(big.room_id, Buffer.alloc(1001, 'a'), { name: 'big.txt' }),
        413,
        'attachment_too_large',
      );
      const wider = await expectApiError(
        client.attachments.updateSettings({ max_bytes: before.server.max_bytes + 1 }),
        400,
        'validation_failed',
      );
      expect(wider.details?.[0]).toMatchObject({ field: 'max_bytes', rule: 'maximum' });
      const back = await client.attachments.updateSettings({ max_bytes: null, allowed_types: null });
      expect(back.effective).toEqual(before.effective);
    });
  });
}
