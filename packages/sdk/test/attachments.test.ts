/**
 * attachments.upload against a real server from Node (the fetch path; the XMLHttpRequest path
 * with upload progress runs in test/browser.test.ts): upload, send, receive live, download; on
 * SQLite + disk, and on PostgreSQL + S3 when OICHAT_TEST_POSTGRES_URL reaches a server.
 */
import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OiChatClient, OiChatError, type UploadProgress } from '../src/index.js';
import { nextEvent } from './helpers/events.js';
import { BACKENDS, backendUnavailable, startTestServer, uniqueUser, type TestServer } from './helpers/server.js';

// A 1×1 PNG: the smallest real image, which the server decodes and thumbnails.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

const unavailable = new Map(await Promise.all(BACKENDS.map(async (b) => [b, await backendUnavailable(b)] as const)));

for (const backend of BACKENDS) {
  const reason = unavailable.get(backend) ?? null;
  if (reason) console.log(`attachments.upload on ${backend} skipped: ${reason}`);
  describe.skipIf(reason !== null)(`attachments.upload on ${backend}`, () => {
    let t: TestServer;
    const clients: OiChatClient[] = [];

    beforeAll(async () => {
      t = await startTestServer(backend);
    });
    afterEach(() => {
      for (const c of clients.splice(0)) c.disconnect();
    });
    afterAll(() => t.close());

    async function clientFor(userId: string): Promise<OiChatClient> {
      const client = new OiChatClient({ baseUrl: t.url, token: await t.token(userId) });
      clients.push(client);
      return client;
    }

    it('uploads a Blob, sends it as an image message, and the other member receives and downloads it', async () => {
      const [alice, bob] = [uniqueUser('alice'), uniqueUser('bob')];
      const room = await t.room([alice, bob]);
      const a = await clientFor(alice);
      const b = await clientFor(bob);
      await b.connect();

      const progress: UploadProgress[] = [];
      const uploaded = await a.attachments.upload(room.room_id, new Blob([PNG], { type: 'image/png' }), {
        name: 'dot.png',
        onProgress: (p) => progress.push(p),
      });
      expect(uploaded).toMatchObject({
        name: 'dot.png',
        mime_type: 'image/png',
        width: 1,
        height: 1,
        uploader_id: alice,
      });
      expect(progress.at(0)).toEqual({ loaded: 0, total: PNG.length });
      expect(progress.at(-1)).toEqual({ loaded: PNG.length, total: PNG.length });

      const received = nextEvent(b, 'message.created');
      const sent = await a.messages.send(room.room_id, {
        content_type: 'image',
        attachments: [uploaded.attachment_id],
      });
      expect(sent.attachments?.[0]?.attachment_id).toBe(uploaded.attachment_id);
      const { message } = await received;
      const attachment = message.attachments?.[0];
      expect(attachment?.attachment_id).toBe(uploaded.attachment_id);
      const bytes = Buffer.from(await (await fetch(attachment!.url)).arrayBuffer());
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(attachment!.sha256);

      const history = await b.messages.list(room.room_id);
      expect(history.data.at(-1)?.attachments?.[0]?.thumbnail?.mime_type).toBe('image/webp');
    });

    it('rejects with the server’s codes, and without a name for plain bytes', async () => {
      const alice = uniqueUser('alice');
      const room = await t.room([alice, uniqueUser('bob')]);
      const a = await clientFor(alice);
      const html = new TextEncoder().encode('<!doctype html><script>alert(1)</script>');
      const refused = await a.attachments.upload(room.room_id, html, { name: 'cat.png' }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(OiChatError);
      expect(refused).toMatchObject({ status: 415, code: 'attachment_type_not_allowed' });
      const other = await t.room([uniqueUser('carol'), uniqueUser('dave')]);
      const notMine = await a.attachments.upload(other.room_id, PNG, { name: 'x.png' }).catch((e: unknown) => e);
      expect(notMine).toMatchObject({ status: 404, code: 'room_not_found' });
      await expect(a.attachments.upload(room.room_id, PNG)).rejects.toThrow(/options.name/);
    });
  });
}
