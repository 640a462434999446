/**
 * The S3 driver against a local S3-compatible server (s3rver: the S3 REST API, SigV4 and all),
 * then the whole server storing attachments in the bucket: on SQLite, on PostgreSQL, and as two
 * nodes sharing one PostgreSQL database and one bucket and no disk (the postgres run).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StorageMissingError, StorageUnavailableError } from '../../src/services/attachment-storage.js';
import { S3Storage } from '../../src/storage/s3-storage.js';
import { download, pdfOf, pngOf, sha256, sidewaysJpegWithGps, userUpload } from '../helpers/attachments.js';
import { ManualClock } from '../helpers/clock.js';
import { startLocalS3, type LocalS3 } from '../helpers/s3-server.js';
import { freshPostgresDatabase, TEST_DIALECT } from '../helpers/test-database.js';
import { SignedClient } from '../helpers/signed-client.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { userFetch } from '../helpers/user-fetch.js';
import { TestSocket } from '../helpers/ws-client.js';

let s3: LocalS3;
let work: string;

const driver = (bucket = s3.bucket, prefix = 'unit/') =>
  new S3Storage({
    bucket,
    prefix,
    endpoint: s3.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    timeoutMs: 5_000,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });

/** The bucket as the server under test sees it (its prefix). */
const serversBucket = () => driver(s3.bucket, s3.env.OICHAT_S3_PREFIX);

async function bytesOf(stream: AsyncIterable<unknown>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

beforeAll(async () => {
  s3 = await startLocalS3();
  work = await mkdtemp(join(tmpdir(), 'oichat-s3-work-'));
});
afterAll(async () => {
  await s3.close();
  await rm(work, { recursive: true, force: true });
});

describe('the S3 driver', () => {
  it('puts, reads whole and by range, deletes; a missing key is StorageMissingError', async () => {
    const storage = driver();
    const file = join(work, 'pdf');
    const pdf = pdfOf(3000);
    await writeFile(file, pdf);
    await storage.ping();
    await storage.put('p/one', file, { size: pdf.length, contentType: 'application/pdf' });
    expect((await bytesOf(await storage.read('p/one'))).equals(pdf)).toBe(true);
    expect((await bytesOf(await storage.read('p/one', { start: 10, end: 19 }))).equals(pdf.subarray(10, 20))).toBe(
      true,
    );
    await storage.delete('p/one');
    await expect(storage.read('p/one')).rejects.toBeInstanceOf(StorageMissingError);
    // Deleting what is not there is no error (a sweep retried after a crash).
    await storage.delete('p/one');
    await storage.close();
  });

  it('a bucket that does not exist, or no server at all, is StorageUnavailableError', async () => {
    const missing = driver('no-such-bucket');
    await expect(missing.ping()).rejects.toBeInstanceOf(StorageUnavailableError);
    await missing.close();
    const nowhere = new S3Storage({
      bucket: 'b',
      prefix: '',
      endpoint: 'http://127.0.0.1:9',
      region: 'us-east-1',
      forcePathStyle: true,
      timeoutMs: 2_000,
      credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
    });
    const file = join(work, 'small');
    await writeFile(file, 'x');
    await expect(nowhere.put('k', file, { size: 1, contentType: 'text/plain' })).rejects.toBeInstanceOf(
      StorageUnavailableError,
    );
    await nowhere.close();
  });
});

describe(`the server on ${TEST_DIALECT} + S3`, () => {
  let t: TestServer;
  let clock: ManualClock;
  let alice: string;
  let bob: string;
  let roomId: string;

  beforeAll(async () => {
    clock = new ManualClock();
    t = await startTestServer({ env: s3.env, clock });
    alice = (await t.client.post('/v1/auth/token', { user_id: 'alice' })).body.token;
    bob = (await t.client.post('/v1/auth/token', { user_id: 'bob' })).body.token;
    roomId = (await t.client.post('/v1/rooms', { type: 'group', participants: ['alice', 'bob'] })).body.room_id;
  });
  afterAll(() => t.close());

  it('uploads to the bucket, sends, and serves the bytes back from it, by range too', async () => {
    const jpeg = await sidewaysJpegWithGps(300, 100);
    const up = await userUpload(t.url, alice, roomId, 'photo.jpg', jpeg);
    expect(up.status).toBe(201);
    expect([up.body.width, up.body.height]).toEqual([100, 300]);
    // The object is in the bucket, under the server's prefix, as served.
    const bucket = serversBucket();
    const object = await bytesOf(await bucket.read(`${t.credentials.project_id}/${up.body.attachment_id}`));
    expect(sha256(object)).toBe(up.body.sha256);
    await bucket.close();
    const socket = await TestSocket.connect(t.url, bob);
    const sent = await userFetch(t.url, alice, `/v1/me/rooms/${roomId}/messages`, {
      body: { content_type: 'image', attachments: [up.body.attachment_id] },
    });
    expect(sent.status).toBe(201);
    // Live to the other member, with a URL that serves the bytes from the bucket.
    const live = await socket.waitFor((f) => f.type === 'message.created');
    socket.close();
    expect(sha256((await download(live.message.attachments[0].url)).bytes)).toBe(up.body.sha256);

    const history = (await (await userFetch(t.url, bob, `/v1/me/rooms/${roomId}/messages`)).json()) as any;
    const a = history.data[0].attachments[0];
    const file = await download(a.url);
    expect(file.status).toBe(200);
    expect(sha256(file.bytes)).toBe(a.sha256);
    expect((await sharp(file.bytes).metadata()).exif).toBeUndefined();
    const part = await download(a.url, { range: 'bytes=0-9' });
    expect(part.status).toBe(206);
    expect(part.bytes.equals(file.bytes.subarray(0, 10))).toBe(true);
    const thumb = await download(a.thumbnail.url);
    expect((await sharp(thumb.bytes).metadata()).format).toBe('webp');
  });

  it('an unsent upload is removed from the bucket by the sweep', async () => {
    const up = (await userUpload(t.url, alice, roomId, 'x.png', await pngOf(10, 10))).body;
    expect((await download(up.url)).status).toBe(200);
    clock.advance(25 * 3600_000);
    expect(await t.server.services.attachments.sweep()).toBeGreaterThanOrEqual(1);
    // The bytes are gone from the bucket, not only the row.
    const s = serversBucket();
    await expect(s.read(`${t.credentials.project_id}/${up.attachment_id}`)).rejects.toBeInstanceOf(StorageMissingError);
    await expect(s.read(`${t.credentials.project_id}/${up.attachment_id}.thumb.webp`)).rejects.toBeInstanceOf(
      StorageMissingError,
    );
    await s.close();
  });
});

describe.runIf(TEST_DIALECT === 'postgres')('two nodes, one PostgreSQL database, one bucket, no shared disk', () => {
  it('a file uploaded through one node is described and downloaded through the other', async () => {
    const db = await freshPostgresDatabase();
    const a = await startTestServer({ database: db.url, env: s3.env });
    const b = await startTestServer({ database: db.url, env: s3.env });
    try {
      const room = (await a.client.post('/v1/rooms', { type: 'group', participants: ['alice', 'bob'] })).body.room_id;
      const alice = (await a.client.post('/v1/auth/token', { user_id: 'alice' })).body.token;
      const pdf = pdfOf(4000);
      const up = await userUpload(a.url, alice, room, 'invoice.pdf', pdf);
      expect(up.status).toBe(201);
      // Node b: the same project (one database), its own process, no disk in common.
      const onB = new SignedClient(b.url, a.credentials);
      const described = await onB.get(`/v1/attachments/${up.body.attachment_id}`);
      expect(described.status).toBe(200);
      expect(described.body.url.startsWith(b.url)).toBe(true);
      const file = await download(described.body.url);
      expect(file.bytes.equals(pdf)).toBe(true);
      // A URL signed by node a is good on node b (one master key).
      const crossed = await download(up.body.url.replace(a.url, b.url));
      expect(crossed.status).toBe(200);
    } finally {
      await b.close();
      await a.close();
      await db.drop();
    }
  });
});
