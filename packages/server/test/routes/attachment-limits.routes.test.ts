/**
 * What an upload that goes wrong leaves behind: nothing. Too large (announced or streamed past
 * the limit), cut off mid-way by the client, or refused by a storage that cannot be reached; and
 * what a storage that goes away does to downloads and the sweep.
 */
import http from 'node:http';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { download, startAttachmentServer, userUpload, type AttachmentTestServer } from '../helpers/attachments.js';
import { ManualClock } from '../helpers/clock.js';
import { startLocalS3 } from '../helpers/s3-server.js';
import { loggerOptions } from '../../src/app.js';
import { resolveConfig } from '../../src/config.js';
import { startServer } from '../../src/server.js';
import { freshDatabase } from '../helpers/test-database.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

const LIMIT = 10_000;
let s: AttachmentTestServer;
let t: TestServer;
let clock: ManualClock;
let alice: string;
let roomId: string;

const filesOnDisk = () => s.files();

/** A server's log, line by line, as a logger stream. */
function logLines(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, stream };
}

/** Nothing stored, and no row either: a day on, the sweep finds nothing to remove. */
async function expectNothingLeft() {
  expect(await filesOnDisk()).toEqual([]);
  clock.advance(25 * 3600_000);
  expect(await t.server.services.attachments.sweep()).toBe(0);
}

beforeAll(async () => {
  clock = new ManualClock();
  s = await startAttachmentServer({ env: { OICHAT_ATTACHMENT_MAX_BYTES: String(LIMIT) }, clock });
  t = s.t;
  alice = await s.token('alice');
  roomId = await s.room(['alice', 'bob']);
});
afterAll(() => s.close());

describe('too large', () => {
  it('413 attachment_too_large naming the limit, when Content-Length announces more', async () => {
    const res = await userUpload(t.url, alice, roomId, 'big.txt', Buffer.alloc(LIMIT + 1, 'a'));
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('attachment_too_large');
    expect(res.body.error.message).toContain(String(LIMIT));
    await expectNothingLeft();
  });

  it('413 when a body of no announced length streams past the limit', async () => {
    const chunk = Buffer.alloc(4096, 'b');
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 4 * LIMIT) return controller.close();
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const res = await fetch(`${t.url}/v1/me/rooms/${roomId}/attachments?name=big.txt`, {
      method: 'POST',
      headers: { authorization: `Bearer ${alice}`, 'content-type': 'text/plain' },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(((await res.json()) as any).error.code).toBe('attachment_too_large');
    await expectNothingLeft();
  });

  it('exactly the limit is accepted', async () => {
    const res = await userUpload(t.url, alice, roomId, 'fits.txt', Buffer.alloc(LIMIT, 'c'));
    expect(res.status).toBe(201);
    expect(res.body.size).toBe(LIMIT);
  });
});

describe('cut off by the client', () => {
  it('leaves no partial file and no attachment', async () => {
    // What the tests before left (the upload that fitted) goes first.
    clock.advance(25 * 3600_000);
    await t.server.services.attachments.sweep();
    expect(await filesOnDisk()).toEqual([]);
    const url = new URL(`${t.url}/v1/me/rooms/${roomId}/attachments?name=half.txt`);
    const request = http.request(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${alice}`, 'content-type': 'text/plain', 'content-length': String(LIMIT) },
    });
    request.on('error', () => {});
    request.write(Buffer.alloc(LIMIT / 2, 'd'));
    // The half that was sent reaches the spool file (waited for, not timed); then the connection drops.
    for (let i = 0; i < 500 && (await filesOnDisk()).length === 0; i++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    const during = await filesOnDisk();
    request.destroy();
    expect(during.length).toBe(1);
    for (let i = 0; i < 50 && (await filesOnDisk().catch(() => [])).length > 0; i++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    await expectNothingLeft();
  });
});

describe('cut off, as the log tells it', () => {
  it('is an info line saying so, not an unhandled error', async () => {
    const { lines, stream } = logLines();
    const node = await startServer(resolveConfig({ port: 0, host: '127.0.0.1', database: ':memory:' }, {}), {
      logger: { ...(loggerOptions('info') as Record<string, unknown>), stream },
    });
    try {
      const { project_id: projectId } = await node.services.projects.create('cut');
      const { token } = await node.services.tokens.createToken(projectId, { user_id: 'alice' });
      const { room } = await node.services.rooms.create(
        { projectId },
        { type: 'group', participants: ['alice', 'bob'] },
      );
      const request = http.request(`${node.url}/v1/me/rooms/${room.room_id}/attachments?name=half.txt`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-length': '10000' },
      });
      request.on('error', () => {});
      request.write(Buffer.alloc(5000, 'e'));
      const said = () =>
        lines.map((l) => JSON.parse(l)).filter((l) => l.reqId !== undefined && l.msg !== 'incoming request');
      // Once the upload is under way (its request logged), the client goes.
      for (let i = 0; i < 500 && !lines.some((l) => l.includes('incoming request')); i++)
        await new Promise((resolve) => setTimeout(resolve, 20));
      await new Promise((resolve) => setTimeout(resolve, 50));
      request.destroy();
      for (let i = 0; i < 500 && said().length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(said()).toEqual([
        expect.objectContaining({ level: 30, msg: 'upload cut off: the connection closed before its end' }),
      ]);
    } finally {
      await node.close();
    }
  });
});

describe('storage unreachable', () => {
  it('503 storage_unavailable, nothing to send, and the cause in the server log only', async () => {
    const { lines, stream } = logLines();
    const env = {
      OICHAT_STORAGE: 's3',
      OICHAT_S3_BUCKET: 'nowhere',
      // Nothing listens on the discard port.
      OICHAT_S3_ENDPOINT: 'http://127.0.0.1:9',
      AWS_ACCESS_KEY_ID: 'key',
      AWS_SECRET_ACCESS_KEY: 'secret',
    };
    const db = await freshDatabase();
    const down = await startServer(resolveConfig({ port: 0, host: '127.0.0.1', database: db.url }, env), {
      logger: { ...(loggerOptions('info') as Record<string, unknown>), stream },
    });
    try {
      const { project_id: projectId } = await down.services.projects.create('down');
      const { token } = await down.services.tokens.createToken(projectId, { user_id: 'alice' });
      const { room } = await down.services.rooms.create(
        { projectId },
        { type: 'group', participants: ['alice', 'bob'] },
      );
      const res = await userUpload(down.url, token, room.room_id, 'x.txt', Buffer.from('hello'));
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe('storage_unavailable');
      expect(res.headers.get('retry-after')).toBe('5');
      expect(res.body.error.message).not.toMatch(/127\.0\.0\.1|nowhere|ECONNREFUSED/);
      const logged = lines.map((l) => JSON.parse(l)).find((l) => l.error_code === 'storage_unavailable' && l.err);
      expect(logged?.err.message).toMatch(/S3 PutObject failed on bucket nowhere/);
      const message = await fetch(`${down.url}/v1/me/rooms/${room.room_id}/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ content_type: 'file', attachments: ['att_whatever'] }),
      });
      expect(message.status).toBe(400);
      expect((await down.services.rooms.get({ projectId }, room.room_id)).last_seq).toBe(0);
    } finally {
      await down.close();
      await db.drop();
    }
  });

  it('a storage that goes away: downloads and uploads 503 (retry), sends go on, the sweep keeps what it could not delete', async () => {
    const s3 = await startLocalS3();
    const later = new ManualClock();
    const node = await startTestServer({ env: s3.env, clock: later });
    try {
      const token = (await node.client.post('/v1/auth/token', { user_id: 'alice' })).body.token;
      const room = (await node.client.post('/v1/rooms', { type: 'group', participants: ['alice', 'bob'] })).body
        .room_id;
      const kept = (await userUpload(node.url, token, room, 'kept.txt', Buffer.from('kept'))).body;
      const unsent = (await userUpload(node.url, token, room, 'unsent.txt', Buffer.from('unsent'))).body;
      expect((await download(kept.url)).status).toBe(200);
      await s3.close();

      const file = await download(kept.url);
      expect(file.status).toBe(503);
      expect(file.headers.get('retry-after')).toBe('5');
      expect(JSON.parse(file.bytes.toString()).error.code).toBe('storage_unavailable');
      expect((await userUpload(node.url, token, room, 'lost.txt', Buffer.from('lost'))).status).toBe(503);
      // Sending what was stored needs no storage.
      const sent = await node.client.post('/v1/messages', {
        room_id: room,
        sender_id: 'alice',
        content_type: 'file',
        attachments: [kept.attachment_id],
      });
      expect(sent.status).toBe(201);
      // Past the grace period the sweep cannot delete the unsent upload's bytes: its record waits
      // for a later sweep rather than leave bytes nothing points to.
      later.advance(25 * 3600_000);
      expect(await node.server.services.attachments.sweep()).toBe(0);
      expect((await node.client.get(`/v1/attachments/${unsent.attachment_id}`)).status).toBe(200);
    } finally {
      await node.close();
    }
  });
});
