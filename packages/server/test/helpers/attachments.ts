/**
 * Attachments in tests: real files made on the spot (images by sharp, with EXIF and GPS where a
 * test needs them; a minimal PDF; HTML and SVG disguised as images), and uploads as a backend
 * (signed over the body's SHA-256, as docs/http-api.md says) and as an end user.
 */
import { createHash, createHmac, randomUUID } from 'node:crypto';
import sharp from 'sharp';
import type { Credentials } from './signed-client.js';

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
