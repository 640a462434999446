/**
 * Attachments in tests: real files made on the spot (images by sharp, with EXIF and GPS where a
 * test needs them; a minimal PDF; HTML and SVG disguised as images), and uploads as a backend
 * (signed over the body's SHA-256, as docs/http-api.md says) and as an end user.
 */
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import type { Clock } from '../../src/services/clock.js';
import type { Credentials } from './signed-client.js';
import { startTestServer, type TestServer } from './test-server.js';

export async function pngOf(width: number, height: number, color = '#3366ff'): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: color } })
    .png()
    .toBuffer();
}

/** A JPEG stored sideways (EXIF orientation 6: rotate 90° to show) that says where it was taken. */
export async function sidewaysJpegWithGps(width = 400, height = 200): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#cc3300' } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExif({
      IFD0: { Artist: 'Photographer Name', Make: 'ExampleCam' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '37/1 33/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '126/1 58/1 0/1' },
    })
    .toBuffer();
}

/** The smallest PDF readers open, padded to `size` bytes with a comment (PDF ignores it). */
export function pdfOf(size = 2000): Buffer {
  const head = '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n';
  return Buffer.from(head + '%'.repeat(Math.max(0, size - head.length - 1)) + '\n');
}

export const HTML_PAGE = Buffer.from(
  '<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>',
);
export const SVG_IMAGE = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="4"/></svg>');

export const sha256 = (bytes: Buffer | Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export interface UploadResult {
  status: number;
  headers: Headers;
  body: any;
}

async function answer(res: Response): Promise<UploadResult> {
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

/** An end user's upload: the file as the body, its name in the query. */
export async function userUpload(
  baseUrl: string,
  token: string,
  roomId: string,
  name: string,
  bytes: Buffer,
  contentType = 'application/octet-stream',
): Promise<UploadResult> {
  const res = await fetch(`${baseUrl}/v1/me/rooms/${roomId}/attachments?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
    body: bytes,
  });
  return answer(res);
}

/** A backend upload, signed (v2) over the SHA-256 of the file, as every signed body is. */
export async function backendUpload(
  baseUrl: string,
  credentials: Credentials,
  roomId: string,
  name: string,
  bytes: Buffer,
  opts: { signedBody?: Buffer } = {},
): Promise<UploadResult> {
  const path = `/v1/rooms/${roomId}/attachments?name=${encodeURIComponent(name)}`;
  const timestamp = Math.floor(Date.now() / 1000).toString();
  const nonce = randomUUID();
  const toSign = ['v2', timestamp, nonce, 'POST', path, '', sha256(opts.signedBody ?? bytes)].join('\n');
  const res = await fetch(baseUrl + path, {
    method: 'POST',
    headers: {
      'x-oichat-project-id': credentials.project_id,
      'x-oichat-api-key': credentials.api_key,
      'x-oichat-timestamp': timestamp,
      'x-oichat-nonce': nonce,
      'x-oichat-signature': `v2=${createHmac('sha256', credentials.secret_key).update(toSign).digest('hex')}`,
      'content-type': 'application/octet-stream',
    },
    body: bytes,
  });
  return answer(res);
}

export async function download(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** A test server storing attachments on disk in a folder of its own, with what the tests ask of it. */
export interface AttachmentTestServer {
  t: TestServer;
  dir: string;
  /** Every file under the folder, `.incoming/` included (where partial uploads would be), by name. */
  files(): Promise<string[]>;
  token(userId: string): Promise<string>;
  /** A group room of these users; its id. */
  room(participants: string[]): Promise<string>;
  close(): Promise<void>;
}

export async function startAttachmentServer(
  opts: { env?: NodeJS.ProcessEnv; clock?: Clock } = {},
): Promise<AttachmentTestServer> {
  const dir = await mkdtemp(join(tmpdir(), 'oichat-att-'));
  const t = await startTestServer({
    env: { OICHAT_ATTACHMENTS_DIR: dir, ...opts.env },
    ...(opts.clock && { clock: opts.clock }),
  });
  return {
    t,
    dir,
    files: async () =>
      (await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []))
        .filter((e) => e.isFile())
        .map((e) => relative(dir, join(e.parentPath, e.name))),
    token: async (userId) => (await t.client.post('/v1/auth/token', { user_id: userId })).body.token,
    room: async (participants) => (await t.client.post('/v1/rooms', { type: 'group', participants })).body.room_id,
    close: async () => {
      await t.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A ZIP archive of stored (uncompressed) entries: enough for the signature and entry checks of type sniffing. */
export function zipOf(entries: [name: string, text: string][]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of entries) {
    const data = Buffer.from(text);
    const n = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(n.length, 26);
    locals.push(local, n, data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(n.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, n);
    offset += 30 + n.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
