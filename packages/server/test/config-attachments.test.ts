/**
 * The attachment settings (docs/server.md, "Attachments"): storage driver and its options, the
 * limits, and the types that are refused whatever the settings say.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, resolveConfig } from '../src/config.js';

const attachments = (env: NodeJS.ProcessEnv, database?: string) =>
  resolveConfig(database === undefined ? {} : { database }, env).attachments;

describe('attachment settings', () => {
  it('keep files beside a SQLite database, in a temporary folder for a memory one, and under ./.oichat for PostgreSQL', () => {
    expect(attachments({}, '/srv/chat/oichat.db').dir).toBe('/srv/chat/attachments');
    expect(attachments({}, ':memory:').dir).toBeNull();
    expect(attachments({}, 'postgres://db/chat').dir).toBe(`${process.cwd()}/.oichat/attachments`);
    expect(attachments({ OICHAT_ATTACHMENTS_DIR: '/mnt/shared/files' }, ':memory:').dir).toBe('/mnt/shared/files');
  });

  it('read the S3 bucket, endpoint, region and the standard AWS credentials', () => {
    const config = attachments({
      OICHAT_STORAGE: 's3',
      OICHAT_S3_BUCKET: 'chat-files',
      OICHAT_S3_ENDPOINT: 'http://minio:9000',
      OICHAT_S3_PREFIX: 'prod/',
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'AKIA…',
      AWS_SECRET_ACCESS_KEY: 'secret',
    });
    expect(config.s3).toEqual({
      bucket: 'chat-files',
      prefix: 'prod/',
      endpoint: 'http://minio:9000',
      region: 'eu-west-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'AKIA…', secretAccessKey: 'secret' },
    });
    // AWS itself: virtual-hosted URLs, credentials from the SDK's chain (a role) when none are set.
    const aws = attachments({ OICHAT_STORAGE: 's3', OICHAT_S3_BUCKET: 'b' });
    expect(aws.s3).toMatchObject({ endpoint: null, region: 'us-east-1', forcePathStyle: false, credentials: null });
  });

  it('refuse an unknown driver, S3 without a bucket, and bad limits, naming the setting', () => {
    expect(() => attachments({ OICHAT_STORAGE: 'ftp' })).toThrow(/OICHAT_STORAGE must be disk or s3/);
    expect(() => attachments({ OICHAT_STORAGE: 's3' })).toThrow(/OICHAT_S3_BUCKET is required/);
    expect(() => attachments({ OICHAT_ATTACHMENT_MAX_BYTES: '0' })).toThrow(/OICHAT_ATTACHMENT_MAX_BYTES must be/);
    expect(() => attachments({ OICHAT_ATTACHMENT_URL_TTL: '5' })).toThrow(ConfigError);
  });

  it('take a list of allowed types, but never one a browser would run', () => {
    expect(attachments({ OICHAT_ATTACHMENT_TYPES: 'image/png, application/pdf' }).allowedTypes).toEqual([
      'image/png',
      'application/pdf',
    ]);
    for (const type of ['text/html', 'image/svg+xml', 'application/xhtml+xml', 'text/javascript'])
      expect(() => attachments({ OICHAT_ATTACHMENT_TYPES: `image/png,${type}` })).toThrow(/never allowed/);
    expect(() => attachments({ OICHAT_ATTACHMENT_TYPES: 'png' })).toThrow(/not a media type/);
  });
});
