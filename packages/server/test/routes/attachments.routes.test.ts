/**
 * Uploads, their descriptions and downloads against the real server (SQLite, or PostgreSQL in
 * the postgres run) on the disk driver: what is accepted, what is refused by its bytes, and the
 * headers every download is served with.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  backendUpload,
  download,
  HTML_PAGE,
  pdfOf,
  pngOf,
  sha256,
  sidewaysJpegWithGps,
  startAttachmentServer,
  SVG_IMAGE,
  userUpload,
  type AttachmentTestServer,
} from '../helpers/attachments.js';
import type { TestServer } from '../helpers/test-server.js';
import { userFetch } from '../helpers/user-fetch.js';

let s: AttachmentTestServer;
let t: TestServer;
let alice: string;
let carol: string;
let roomId: string;

const token = (userId: string) => s.token(userId);
const filesOnDisk = () => s.files();

beforeAll(async () => {
  s = await startAttachmentServer();
  t = s.t;
  alice = await token('alice');
  carol = await token('carol');
  roomId = await s.room(['alice', 'bob']);
});
afterAll(() => s.close());

describe('uploading an image', () => {
  it('answers the attachment with dimensions, a thumbnail and a blurhash; the URL serves the bytes described', async () => {
    const png = await pngOf(640, 480);
    const res = await userUpload(t.url, alice, roomId, 'screenshot.png', png, 'image/png');
    expect(res.status).toBe(201);
    const a = res.body;
    expect(a).toMatchObject({
      attachment_id: expect.stringMatching(/^att_/),
      room_id: roomId,
      name: 'screenshot.png',
      mime_type: 'image/png',
      width: 640,
      height: 480,
      uploader_id: 'alice',
      message_id: null,
      thumbnail: { width: 320, height: 240, mime_type: 'image/webp' },
    });
    expect(a.blurhash).toMatch(/^[0-9A-Za-z#$%*+,\-.:;=?@[\]^_{|}~]{6,}$/);
    expect(Date.parse(a.url_expires_at) - Date.now()).toBeGreaterThan(3500_000);

    const file = await download(a.url);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(file.headers.get('content-disposition')).toMatch(/^inline; filename="screenshot.png"/);
    expect(file.headers.get('content-security-policy')).toContain('sandbox');
    expect(file.bytes.length).toBe(a.size);
    expect(sha256(file.bytes)).toBe(a.sha256);
    expect((await sharp(file.bytes).metadata()).width).toBe(640);

    const thumb = await download(a.thumbnail.url);
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get('content-type')).toBe('image/webp');
    const meta = await sharp(thumb.bytes).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['webp', 320, 240]);
  });

  it('applies the EXIF orientation and serves the photo without its EXIF (GPS) metadata', async () => {
    const jpeg = await sidewaysJpegWithGps(400, 200);
    expect((await sharp(jpeg).metadata()).exif).toBeDefined();
    const res = await userUpload(t.url, alice, roomId, 'IMG_0001.JPG', jpeg, 'image/jpeg');
    expect(res.status).toBe(201);
    // Stored sideways, shown upright: 200 wide, 400 high.
    expect([res.body.width, res.body.height]).toEqual([200, 400]);
    const served = await download(res.body.url);
    const meta = await sharp(served.bytes).metadata();
    expect([meta.width, meta.height]).toEqual([200, 400]);
    expect(meta.exif).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
    expect(served.bytes.includes(Buffer.from('ExampleCam'))).toBe(false);
    expect(served.bytes.includes(Buffer.from('Photographer'))).toBe(false);
  });

  it('refuses an image that cannot be decoded with 415 attachment_undecodable', async () => {
    const png = await pngOf(64, 64);
    const res = await userUpload(t.url, alice, roomId, 'broken.png', png.subarray(0, 60), 'image/png');
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('attachment_undecodable');
  });
});

describe('uploading a file', () => {
  it('serves a PDF as an attachment download, whole or by range', async () => {
    const pdf = pdfOf(5000);
    const res = await backendUpload(t.url, t.credentials, roomId, 'Invoice 2026-03 (über).pdf', pdf);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      mime_type: 'application/pdf',
      size: 5000,
      sha256: sha256(pdf),
      uploader_id: null,
    });
    expect(res.body.width).toBeUndefined();
    expect(res.body.thumbnail).toBeUndefined();

    const whole = await download(res.body.url);
    expect(whole.headers.get('content-type')).toBe('application/pdf');
    expect(whole.headers.get('x-content-type-options')).toBe('nosniff');
    expect(whole.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(whole.headers.get('content-disposition')).toBe(
      `attachment; filename="Invoice 2026-03 (_ber).pdf"; filename*=UTF-8''Invoice%202026-03%20%28%C3%BCber%29.pdf`,
    );
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(whole.bytes.equals(pdf)).toBe(true);

    const part = await download(res.body.url, { range: 'bytes=100-199' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 100-199/5000');
    expect(part.bytes.equals(pdf.subarray(100, 200))).toBe(true);
    const tail = await download(res.body.url, { range: 'bytes=-10' });
    expect(tail.bytes.equals(pdf.subarray(4990))).toBe(true);

    // Its ETag is its SHA-256: a client holding it gets 304 and no bytes.
    expect(whole.headers.get('etag')).toBe(`"${res.body.sha256}"`);
    const cached = await download(res.body.url, { 'if-none-match': `"${res.body.sha256}"` });
    expect([cached.status, cached.bytes.length]).toEqual([304, 0]);
    expect((await download(res.body.url, { 'if-none-match': '"other"' })).status).toBe(200);

    const beyond = await download(res.body.url, { range: 'bytes=6000-' });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe('bytes */5000');
    expect(JSON.parse(beyond.bytes.toString()).error.code).toBe('range_not_satisfiable');
  });

  it('takes plain text, whatever it is declared as, and serves it as text/plain with a charset', async () => {
    const text = Buffer.from('order #1234\nplease refund\n한국어도 됩니다\n');
    const res = await userUpload(t.url, alice, roomId, 'notes.txt', text, 'image/png');
    expect(res.status).toBe(201);
    expect(res.body.mime_type).toBe('text/plain');
    const file = await download(res.body.url);
    expect(file.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(file.headers.get('content-disposition')).toMatch(/^attachment;/);
  });
});

describe('refused by their bytes', () => {
  it('HTML named .png: 415 naming text/html', async () => {
    const res = await userUpload(t.url, alice, roomId, 'cat.png', HTML_PAGE, 'image/png');
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('attachment_type_not_allowed');
    expect(res.body.error.message).toContain('text/html');
  });

  it('SVG (which can carry scripts): 415 naming image/svg+xml', async () => {
    const res = await userUpload(t.url, alice, roomId, 'logo.svg', SVG_IMAGE, 'image/svg+xml');
    expect(res.status).toBe(415);
    expect(res.body.error.message).toContain('image/svg+xml');
  });

  it('a PDF named .png, and text named .html: 415 attachment_type_mismatch', async () => {
    const pdf = await userUpload(t.url, alice, roomId, 'photo.png', pdfOf(), 'image/png');
    expect(pdf.status).toBe(415);
    expect(pdf.body.error.code).toBe('attachment_type_mismatch');
    expect(pdf.body.error.message).toContain('application/pdf');
    const page = await userUpload(t.url, alice, roomId, 'readme.html', Buffer.from('just words'), 'text/plain');
    expect(page.body.error.code).toBe('attachment_type_mismatch');
  });

  it('unknown binary and empty files', async () => {
    const binary = await userUpload(t.url, alice, roomId, 'data.bin', Buffer.from([0, 1, 2, 3, 255, 254, 0, 7]));
    expect(binary.status).toBe(415);
    expect(binary.body.error.code).toBe('attachment_type_not_allowed');
    const empty = await userUpload(t.url, alice, roomId, 'empty.txt', Buffer.alloc(0));
    expect(empty.status).toBe(400);
    expect(empty.body.error.details).toEqual([expect.objectContaining({ field: 'body', rule: 'minBytes' })]);
  });

  it('a name with a path or control characters: 400 naming the field', async () => {
    const res = await userUpload(t.url, alice, roomId, '../etc/passwd', Buffer.from('x'));
    expect(res.status).toBe(400);
    expect(res.body.error.details[0]).toMatchObject({ field: 'name', rule: 'pattern' });
  });

  it('leaves nothing on disk for what it refused', async () => {
    const before = await filesOnDisk();
    await userUpload(t.url, alice, roomId, 'cat.png', HTML_PAGE);
    await userUpload(t.url, alice, roomId, 'photo.png', pdfOf());
    expect(await filesOnDisk()).toEqual(before);
    expect(before.some((f) => f.includes('.incoming'))).toBe(false);
  });
});

describe('who may upload and read', () => {
  it('a room the user is not in is 404 room_not_found, and nothing is stored', async () => {
    const before = await filesOnDisk();
    const res = await userUpload(t.url, carol, roomId, 'x.txt', Buffer.from('hello'));
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('room_not_found');
    expect(await filesOnDisk()).toEqual(before);
  });

  it('another project neither uploads to the room nor reads its attachments', async () => {
    const other = await t.newProject('other');
    const up = await backendUpload(t.url, other.credentials, roomId, 'x.txt', Buffer.from('hello'));
    expect(up.status).toBe(404);
    const mine = await userUpload(t.url, alice, roomId, 'mine.txt', Buffer.from('hello'));
    const read = await other.client.get(`/v1/attachments/${mine.body.attachment_id}`);
    expect(read.status).toBe(404);
    expect(read.body.error.code).toBe('attachment_not_found');
    expect((await t.client.get(`/v1/attachments/${mine.body.attachment_id}`)).status).toBe(200);
  });

  it('an unsent upload is its uploader’s alone; a non-member never sees it', async () => {
    const mine = await userUpload(t.url, alice, roomId, 'mine.txt', Buffer.from('hello'));
    const bob = await token('bob');
    const get = (tok: string) => userFetch(t.url, tok, `/v1/me/attachments/${mine.body.attachment_id}`);
    const own = await get(alice);
    expect(own.status).toBe(200);
    const fresh = (await own.json()) as any;
    expect(fresh).toMatchObject({ attachment_id: mine.body.attachment_id, uploader_id: 'alice', message_id: null });
    expect((await download(fresh.url)).bytes.toString()).toBe('hello');
    expect((await get(bob)).status).toBe(404);
    expect((await get(carol)).status).toBe(404);
  });

  it('a backend upload is signed over the body: another body with the same signature is 401, nothing stored', async () => {
    const before = await filesOnDisk();
    const res = await backendUpload(t.url, t.credentials, roomId, 'x.txt', Buffer.from('the real one'), {
      signedBody: Buffer.from('another one'),
    });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('invalid_signature');
    expect(await filesOnDisk()).toEqual(before);
  });
});

describe('signed download URLs', () => {
  it('an altered URL is 403 download_url_invalid; one for another attachment does not fit it', async () => {
    const a = (await userUpload(t.url, alice, roomId, 'a.txt', Buffer.from('aaa'))).body;
    const b = (await userUpload(t.url, alice, roomId, 'b.txt', Buffer.from('bbb'))).body;
    const url = new URL(a.url);
    const tampered = [
      a.url.replace(/signature=[^&]+/, 'signature=AAAA'),
      a.url.replace(/expires=(\d+)/, (_m: string, e: string) => `expires=${Number(e) + 3600}`),
      a.url.replace(a.attachment_id, b.attachment_id),
      `${url.origin}${url.pathname}`,
      a.url.replace('/content?', '/thumbnail?'),
    ];
    for (const u of tampered) {
      const res = await download(u);
      expect(res.status, u).toBe(403);
      expect(JSON.parse(res.bytes.toString()).error.code).toBe('download_url_invalid');
    }
  });
});
