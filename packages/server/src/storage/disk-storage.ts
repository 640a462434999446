/**
 * The default storage driver: files under one folder (by default `attachments/` in the data
 * folder). A file is copied into `.incoming/` and then renamed into place, so a reader sees the
 * whole file or none, and a crash leaves only `.incoming/` leftovers, which start-up removes.
 */
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { randomBytes } from 'node:crypto';
import {
  StorageMissingError,
  StorageUnavailableError,
  type BlobStorage,
  type ByteRange,
} from '../services/attachment-storage.js';

/** Leftovers of a put interrupted by a crash are this old before start-up removes them. */
const STALE_INCOMING_MS = 60 * 60 * 1000;

/** Removes the files in `dir` older than an hour: what uploads and puts left when a process died. */
export async function removeStaleFiles(dir: string, now = Date.now()): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    const path = join(dir, name);
    const info = await stat(path).catch(() => null);
    if (info?.isFile() && now - info.mtimeMs > STALE_INCOMING_MS) await rm(path, { force: true });
  }
}

export class DiskStorage implements BlobStorage {
  readonly kind = 'disk';
  readonly root: string;
  /** Where uploads are spooled and puts staged: on the same file system, so a rename is atomic. */
  readonly incoming: string;

  constructor(root: string) {
    this.root = resolve(root);
    this.incoming = join(this.root, '.incoming');
  }

  /**
   * Removes what crashed puts and uploads left in `.incoming/`. The folders themselves are made
   * on the first upload: a server that never stores a file leaves none behind.
   */
  async open(now = Date.now()): Promise<void> {
    await removeStaleFiles(this.incoming, now);
  }

  #path(key: string): string {
    const path = resolve(this.root, key);
    // Keys are made by the server, but a key must never name a file outside the folder.
    if (!path.startsWith(this.root + sep) || key.startsWith('.')) throw new Error(`Invalid storage key ${key}.`);
    return path;
  }

  async put(key: string, file: string): Promise<void> {
    const target = this.#path(key);
    const staged = join(this.incoming, `put-${randomBytes(8).toString('hex')}`);
    try {
      await mkdir(dirname(target), { recursive: true, mode: 0o700 });
      await copyFile(file, staged);
      await rename(staged, target);
    } catch (err) {
      await rm(staged, { force: true });
      throw new StorageUnavailableError(`Cannot write to ${this.root}: ${(err as Error).message}`, { cause: err });
    }
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    const path = this.#path(key);
    try {
      await stat(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new StorageMissingError(key);
      throw new StorageUnavailableError(`Cannot read ${this.root}: ${(err as Error).message}`, { cause: err });
    }
    return createReadStream(path, range ? { start: range.start, end: range.end } : {});
  }

  async delete(key: string): Promise<void> {
    try {
      await rm(this.#path(key), { force: true });
    } catch (err) {
      throw new StorageUnavailableError(`Cannot delete in ${this.root}: ${(err as Error).message}`, { cause: err });
    }
  }

  async ping(): Promise<void> {
    try {
      await mkdir(this.incoming, { recursive: true, mode: 0o700 });
      await stat(this.incoming);
    } catch (err) {
      throw new StorageUnavailableError(`Cannot reach ${this.root}: ${(err as Error).message}`, { cause: err });
    }
  }
}
