/// <reference path="./s3rver.d.ts" />
/**
 * A local S3-compatible server (s3rver, which implements the S3 REST API over a folder) with one
 * bucket, for tests of the S3 driver: real HTTP, real SigV4 requests, no mock.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

export interface LocalS3 {
  endpoint: string;
  bucket: string;
  /** The settings a server needs to store attachments in this bucket. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startLocalS3(bucket = 'oichat-test'): Promise<LocalS3> {
  const directory = await mkdtemp(join(tmpdir(), 'oichat-s3rver-'));
  const server = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  const address = (await server.run()) as AddressInfo;
  const endpoint = `http://127.0.0.1:${address.port}`;
  return {
    endpoint,
    bucket,
    env: {
      OICHAT_STORAGE: 's3',
      OICHAT_S3_BUCKET: bucket,
      OICHAT_S3_ENDPOINT: endpoint,
      OICHAT_S3_PREFIX: 'attachments/',
      // s3rver's own credentials.
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
    },
    async close() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
