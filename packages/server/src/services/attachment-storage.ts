/**
 * Where attachments' bytes live: the interface the storage drivers (storage/) implement and the
 * failures they report. Services know only this; server.ts picks the driver from the settings.
 */
import type { Readable } from 'node:stream';

/** A byte range, both ends included (as in an HTTP Range header). */
export interface ByteRange {
  start: number;
  end: number;
}

export interface BlobStorage {
  /** `disk` or `s3`: what the readiness check and the logs call it. */
  readonly kind: string;
  /**
   * Stores the local file `file` under `key`, all of it or nothing: a reader never sees part of
   * it, and a failure leaves nothing under the key.
   */
  put(key: string, file: string, info: { size: number; contentType: string }): Promise<void>;
  /** The bytes under `key` (of `range` only, when given). StorageMissingError when there are none. */
  read(key: string, range?: ByteRange): Promise<Readable>;
  /** Removes `key`; nothing there is no error. */
  delete(key: string): Promise<void>;
  /** Resolves when the storage answers (readiness). */
  ping(): Promise<void>;
  close?(): Promise<void>;
}

/** The storage could not be reached or refused to work (a network error, a 5xx, a full disk). */
export class StorageUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageUnavailableError';
  }
}

/** The storage holds nothing under the key. */
export class StorageMissingError extends Error {
  constructor(key: string) {
    super(`Nothing is stored under ${key}.`);
    this.name = 'StorageMissingError';
  }
}

/** Where no storage was configured (the CLI's one-off commands): every call fails as unreachable. */
export const NO_STORAGE: BlobStorage = {
  kind: 'none',
  put: async () => {
    throw new StorageUnavailableError('No attachment storage is configured.');
  },
  read: async () => {
    throw new StorageUnavailableError('No attachment storage is configured.');
  },
  delete: async () => {
    throw new StorageUnavailableError('No attachment storage is configured.');
  },
  ping: async () => {
    throw new StorageUnavailableError('No attachment storage is configured.');
  },
};
