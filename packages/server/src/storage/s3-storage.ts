/**
 * The storage driver for clusters, whose nodes share no disk: an S3-compatible bucket (AWS S3,
 * MinIO, Cloudflare R2, Ceph…). A PUT is atomic in S3: a reader sees the whole object or none.
 * Credentials are the standard AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (read by config.ts),
 * else whatever the AWS SDK's own chain finds (a profile, an instance role).
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import {
  StorageMissingError,
  StorageUnavailableError,
  type BlobStorage,
  type ByteRange,
} from '../services/attachment-storage.js';

const ignore = () => {};
const QUIET = { trace: ignore, debug: ignore, info: ignore, warn: ignore, error: ignore };

export interface S3StorageOptions {
  bucket: string;
  /** Key prefix inside the bucket (e.g. `oichat/`); empty for none. */
  prefix: string;
  /** The S3 API's URL for a non-AWS service (MinIO…); null for AWS. */
  endpoint: string | null;
  region: string;
  /** Path-style URLs (`endpoint/bucket/key`), which most S3-compatible services need. */
  forcePathStyle: boolean;
  /** How long one request may take before the storage counts as unreachable. */
  timeoutMs: number;
  /** Null: the AWS SDK's default chain (environment, profile, instance role). */
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } | null;
}

export class S3Storage implements BlobStorage {
  readonly kind = 's3';
  readonly #client: S3Client;
  readonly #options: S3StorageOptions;

  constructor(options: S3StorageOptions) {
    this.#options = options;
    this.#client = new S3Client({
      region: options.region,
      forcePathStyle: options.forcePathStyle,
      ...(options.endpoint && { endpoint: options.endpoint }),
      ...(options.credentials && { credentials: options.credentials }),
      // One retry: an upload fails fast with 503 rather than hold the request through many.
      maxAttempts: 2,
      // Checksums only where S3 requires them: the default streams bodies as aws-chunked with a
      // trailing checksum, which many S3-compatible services store as part of the object.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      // The SDK would write its own warnings on the console; a failure reaches the server's log
      // as the cause of the 503 it becomes.
      logger: QUIET,
      requestHandler: { requestTimeout: options.timeoutMs, connectionTimeout: Math.min(options.timeoutMs, 5_000) },
    });
  }

  #key(key: string): string {
    return this.#options.prefix + key;
  }

  /** `key` null: a 404 means the bucket is missing (unavailable), not an object. */
  async #call<T>(what: string, key: string | null, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      const notFound =
        err instanceof S3ServiceException && (err.name === 'NoSuchKey' || err.$metadata.httpStatusCode === 404);
      if (key !== null && notFound && (err as Error).name !== 'NoSuchBucket') throw new StorageMissingError(key);
      throw new StorageUnavailableError(
        `S3 ${what} failed on bucket ${this.#options.bucket}: ${(err as Error).name}: ${(err as Error).message}`,
        { cause: err },
      );
    }
  }

  async put(key: string, file: string, info: { size: number; contentType: string }): Promise<void> {
    await this.#call('PutObject', null, () =>
      this.#client.send(
        new PutObjectCommand({
          Bucket: this.#options.bucket,
          Key: this.#key(key),
          Body: createReadStream(file),
          ContentLength: info.size,
          ContentType: info.contentType,
        }),
      ),
    );
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    const out = await this.#call('GetObject', key, () =>
      this.#client.send(
        new GetObjectCommand({
          Bucket: this.#options.bucket,
          Key: this.#key(key),
          ...(range && { Range: `bytes=${range.start}-${range.end}` }),
        }),
      ),
    );
    if (!(out.Body instanceof Readable)) throw new StorageUnavailableError('S3 GetObject returned no stream body.');
    return out.Body;
  }

  async delete(key: string): Promise<void> {
    await this.#call('DeleteObject', null, () =>
      this.#client.send(new DeleteObjectCommand({ Bucket: this.#options.bucket, Key: this.#key(key) })),
    );
  }

  async ping(): Promise<void> {
    await this.#call('HeadBucket', null, () =>
      this.#client.send(new HeadBucketCommand({ Bucket: this.#options.bucket })),
    );
  }

  async close(): Promise<void> {
    this.#client.destroy();
  }
}
