/**
 * An upload streamed to a temporary file while it arrives: its SHA-256 and size counted on the
 * way, the limit enforced as bytes come (not after), so memory stays flat whatever the size and
 * a too-large or interrupted upload leaves no file behind.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface Spooled {
  path: string;
  size: number;
  sha256: string;
}

/** The upload went past `limit` bytes; reading stopped there. */
export class SpoolLimitError extends Error {}

export function tempPath(dir: string, what: string): string {
  return join(dir, `${what}-${randomBytes(12).toString('hex')}`);
}

export async function removeQuietly(...paths: (string | null | undefined)[]): Promise<void> {
  await Promise.all(paths.map((p) => (p ? rm(p, { force: true }).catch(() => {}) : undefined)));
}

export async function spool(body: Readable, dir: string, limit: number): Promise<Spooled> {
  const path = tempPath(dir, 'upload');
  const hash = createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      if (size > limit) return callback(new SpoolLimitError());
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  try {
    await pipeline(body, meter, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
  } catch (err) {
    await removeQuietly(path);
    throw err;
  }
  return { path, size, sha256: hash.digest('hex') };
}
