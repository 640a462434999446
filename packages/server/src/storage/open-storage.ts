/** The storage driver the settings name, and the local folder uploads are spooled to on this node. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AttachmentsConfig } from '../config.js';
import type { BlobStorage } from '../services/attachment-storage.js';
import { DiskStorage, removeStaleFiles } from './disk-storage.js';
import { S3Storage } from './s3-storage.js';

export interface OpenedStorage {
  storage: BlobStorage;
  spoolDir: string;
  /** Lets go of the driver (and, for an in-memory database, of its temporary folder). */
  close(): Promise<void>;
}

export async function openStorage(config: AttachmentsConfig, now = Date.now()): Promise<OpenedStorage> {
  if (config.storage === 's3' && config.s3) {
    const storage = new S3Storage({ ...config.s3, timeoutMs: 30_000 });
    const spoolDir = join(tmpdir(), 'oichat-uploads');
    await removeStaleFiles(spoolDir, now);
    return { storage, spoolDir, close: () => storage.close() };
  }
  // An in-memory database keeps its attachments only as long as it lives.
  const temporary = config.dir === null ? await mkdtemp(join(tmpdir(), 'oichat-attachments-')) : null;
  const storage = new DiskStorage(temporary ?? config.dir!);
  await storage.open(now);
  return {
    storage,
    spoolDir: storage.incoming,
    close: async () => {
      if (temporary) await rm(temporary, { recursive: true, force: true });
    },
  };
}
