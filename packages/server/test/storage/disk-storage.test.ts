/**
 * The disk driver: whole files renamed into place, reads by range, deletes, keys that cannot
 * leave the folder, and the leftovers of a crash removed at the next start.
 */
import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StorageMissingError } from '../../src/services/attachment-storage.js';
import { DiskStorage } from '../../src/storage/disk-storage.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oichat-disk-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function bytesOf(stream: AsyncIterable<unknown>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('the disk driver', () => {
  it('puts, reads whole and by range, deletes; nothing staged is left behind', async () => {
    const storage = new DiskStorage(join(dir, 'a'));
    await storage.ping();
    const file = join(dir, 'source');
    await writeFile(file, '0123456789');
    await storage.put('proj_1/att_1', file);
    expect((await bytesOf(await storage.read('proj_1/att_1'))).toString()).toBe('0123456789');
    expect((await bytesOf(await storage.read('proj_1/att_1', { start: 2, end: 4 }))).toString()).toBe('234');
    expect(await readdir(storage.incoming)).toEqual([]);
    await storage.delete('proj_1/att_1');
    await expect(storage.read('proj_1/att_1')).rejects.toBeInstanceOf(StorageMissingError);
    await storage.delete('proj_1/att_1');
  });

  it('refuses keys that would name a file outside its folder', async () => {
    const storage = new DiskStorage(join(dir, 'b'));
    await expect(storage.read('../outside')).rejects.toThrow(/Invalid storage key/);
    await expect(storage.read('.incoming/x')).rejects.toThrow(/Invalid storage key/);
  });

  it('removes at start what a crash left in .incoming/ over an hour ago, and keeps what is in progress', async () => {
    const storage = new DiskStorage(join(dir, 'c'));
    await mkdir(storage.incoming, { recursive: true });
    const old = join(storage.incoming, 'upload-old');
    const fresh = join(storage.incoming, 'upload-fresh');
    await writeFile(old, 'half of a file');
    await writeFile(fresh, 'arriving now');
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    await utimes(old, twoHoursAgo, twoHoursAgo);
    await storage.open();
    expect(await readdir(storage.incoming)).toEqual(['upload-fresh']);
  });
});
