/**
 * Images at upload, decoded by sharp (libvips, on libuv's thread pool, so off the event loop):
 * the copy that is served (orientation applied, EXIF/XMP/GPS and every other metadata dropped),
 * its dimensions, a 320 px WebP thumbnail and a BlurHash placeholder. GIFs are served as sent
 * (they carry no EXIF, and re-encoding would cost their animation), their thumbnail from frame one.
 */
import { encode as encodeBlurhash } from 'blurhash';
import sharp from 'sharp';

export const THUMBNAIL_SIZE = 320;
/** Larger images are refused as undecodable: a few KB of PNG can claim billions of pixels. */
const MAX_INPUT_PIXELS = 100_000_000;

export interface ProcessedImage {
  /** The file to store and serve: `sanitizedPath`, or the upload itself for a GIF. */
  servedPath: string;
  width: number;
  height: number;
  thumbnail: { path: string; width: number; height: number; size: number };
  blurhash: string;
}

/** The image could not be decoded as the type its signature claims. */
export class UndecodableImageError extends Error {}

const input = (path: string) => sharp(path, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' });

/**
 * Images decoded at once on this node: a 100-megapixel image takes some 400 MB to decode, so
 * a burst of large uploads waits its turn instead of exhausting memory.
 */
const MAX_CONCURRENT = 2;
let running = 0;
const waiting: (() => void)[] = [];

async function inTurn<T>(work: () => Promise<T>): Promise<T> {
  // A finished decode hands its slot straight to the next in line, so none slips in between.
  if (running >= MAX_CONCURRENT) await new Promise<void>((resolve) => waiting.push(resolve));
  else running++;
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

export function processImage(
  path: string,
  mime: string,
  out: { sanitizedPath: string; thumbnailPath: string },
): Promise<ProcessedImage> {
  return inTurn(() => decode(path, mime, out));
}

async function decode(
  path: string,
  mime: string,
  out: { sanitizedPath: string; thumbnailPath: string },
): Promise<ProcessedImage> {
  try {
    let servedPath = path;
    let width: number;
    let height: number;
    if (mime === 'image/gif') {
      const meta = await input(path).metadata();
      width = meta.width;
      height = meta.pageHeight ?? meta.height;
    } else {
      const pipeline = input(path).rotate();
      const encoded =
        mime === 'image/jpeg'
          ? pipeline.jpeg({ quality: 90 })
          : mime === 'image/png'
            ? pipeline.png()
            : pipeline.webp({ quality: 90 });
      const info = await encoded.toFile(out.sanitizedPath);
      servedPath = out.sanitizedPath;
      width = info.width;
      height = info.height;
    }
    const thumb = await sharp(servedPath, { limitInputPixels: MAX_INPUT_PIXELS })
      .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 75 })
      .toFile(out.thumbnailPath);
    const small = await sharp(servedPath, { limitInputPixels: MAX_INPUT_PIXELS })
      .resize(32, 32, { fit: 'inside' })
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const blurhash = encodeBlurhash(
      new Uint8ClampedArray(small.data.buffer, small.data.byteOffset, small.data.byteLength),
      small.info.width,
      small.info.height,
      4,
      3,
    );
    return {
      servedPath,
      width,
      height,
      thumbnail: { path: out.thumbnailPath, width: thumb.width, height: thumb.height, size: thumb.size },
      blurhash,
    };
  } catch (err) {
    throw new UndecodableImageError((err as Error).message);
  }
}
