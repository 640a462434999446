/**
 * Image processing on its own: what is served has no metadata and its orientation applied; a
 * burst of uploads is decoded a few at a time, each getting its own result.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processImage } from '../../src/services/attachment-images.js';
import { pngOf, sidewaysJpegWithGps } from '../helpers/attachments.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oichat-images-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function process(bytes: Buffer, mime: string, name: string) {
  const path = join(dir, name);
  await writeFile(path, bytes);
  return processImage(path, mime, { sanitizedPath: `${path}.clean`, thumbnailPath: `${path}.thumb` });
}

describe('processImage', () => {
  it('serves a re-encoded copy: upright, without EXIF, with a thumbnail within 320 px', async () => {
    const result = await process(await sidewaysJpegWithGps(640, 320), 'image/jpeg', 'photo');
    expect([result.width, result.height]).toEqual([320, 640]);
    expect([result.thumbnail.width, result.thumbnail.height]).toEqual([160, 320]);
    const served = await sharp(await readFile(result.servedPath)).metadata();
    expect([served.exif, served.orientation, served.width]).toEqual([undefined, undefined, 320]);
  });

  it('decodes a burst of twelve, each to its own result', async () => {
    const sizes = Array.from({ length: 12 }, (_, i) => 40 + i);
    const results = await Promise.all(sizes.map(async (w) => process(await pngOf(w, 10), 'image/png', `burst-${w}`)));
    expect(results.map((r) => r.width)).toEqual(sizes);
  });
});
