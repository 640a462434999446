/**
 * Body deadlines over a real socket, with the timeouts made small: an upload that trickles in for
 * longer than the request timeout succeeds as long as it keeps moving; one that stalls past the
 * upload idle timeout is answered 408 and leaves nothing behind; every other body (and an upload
 * the route has already refused) is still held to the request timeout, so a slowloris client
 * cannot hold a connection by trickling.
 */
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAttachmentServer, type AttachmentTestServer } from '../helpers/attachments.js';
import { ManualClock } from '../helpers/clock.js';
import { rawConnect } from '../helpers/raw-socket.js';

const REQUEST_TIMEOUT_MS = 500;
const UPLOAD_IDLE_TIMEOUT_MS = 1500;
/** Pauses between the chunks of a trickling body: well within the idle timeout. */
const PAUSE_MS = 100;

let s: AttachmentTestServer;
let clock: ManualClock;
let alice: string;
let roomId: string;

beforeAll(async () => {
  clock = new ManualClock();
  s = await startAttachmentServer({
    clock,
    env: {
      OICHAT_HTTP_HEADERS_TIMEOUT_MS: '300',
      OICHAT_HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
      OICHAT_HTTP_UPLOAD_IDLE_TIMEOUT_MS: String(UPLOAD_IDLE_TIMEOUT_MS),
    },
  });
  alice = await s.token('alice');
  roomId = await s.room(['alice', 'bob']);
});
afterAll(() => s.close());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A raw connection, what came back on it, and when it closed. */
async function connection(): Promise<{ socket: Socket; answer: () => string; closed: Promise<void> }> {
  const socket = await rawConnect(s.t.url);
  let answer = '';
  socket.on('data', (c: Buffer) => (answer += c.toString()));
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return { socket, answer: () => answer, closed };
}

function head(method: string, path: string, headers: Record<string, string>): string {
  const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`);
  return `${method} ${path} HTTP/1.1\r\nhost: x\r\n${lines.join('')}\r\n`;
}

const uploadHead = (name: string, length: number, token = alice) =>
  head('POST', `/v1/me/rooms/${roomId}/attachments?name=${name}`, {
    authorization: `Bearer ${token}`,
    'content-type': 'text/plain',
    'content-length': String(length),
  });

/**
 * Sends a byte every PAUSE_MS until the server closes the connection (or `giveUpMs` of trickling,
 * far past any timeout here, has gone by); whether it was closed.
 */
async function trickleUntilClosed(c: { socket: Socket; closed: Promise<void> }, giveUpMs = 20_000) {
  for (let sent = 0; !c.socket.destroyed && sent < giveUpMs; sent += PAUSE_MS) {
    c.socket.write('x');
    await Promise.race([sleep(PAUSE_MS), c.closed]);
  }
  return c.socket.destroyed;
}

/** The JSON body of the (one) answer on a connection. */
const bodyOf = (answer: string) => JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));

describe('an upload on a slow link', () => {
  it('takes longer than the request timeout and succeeds while bytes keep coming', async () => {
    const chunk = Buffer.alloc(100, 'a');
    const chunks = 3 * Math.ceil(REQUEST_TIMEOUT_MS / PAUSE_MS);
    const c = await connection();
    const started = Date.now();
    c.socket.write(uploadHead('slow.txt', chunk.length * chunks));
    for (let i = 0; i < chunks; i++) {
      c.socket.write(chunk);
      await sleep(PAUSE_MS);
    }
    while (!c.answer().includes('\r\n\r\n')) await Promise.race([sleep(PAUSE_MS), c.closed]);
    // The premise: the body took longer than any request may take.
    expect(Date.now() - started).toBeGreaterThan(REQUEST_TIMEOUT_MS);
    expect(c.answer()).toMatch(/^HTTP\/1\.1 201 /);
    expect(bodyOf(c.answer())).toMatchObject({ name: 'slow.txt', size: chunk.length * chunks });
    c.socket.destroy();
  });

  it('that stalls past the idle timeout is answered 408 and leaves no file and no attachment', async () => {
    const c = await connection();
    c.socket.write(uploadHead('stalled.txt', 10_000));
    c.socket.write(Buffer.alloc(4000, 'b'));
    // The part that came is in the spool while the connection waits.
    for (let i = 0; i < 50 && (await s.files()).filter((f) => f.includes('.incoming')).length === 0; i++)
      await sleep(20);
    const during = await s.files();
    expect(during.filter((f) => f.includes('.incoming'))).toHaveLength(1);
    await c.closed;
    expect(c.answer()).toMatch(/^HTTP\/1\.1 408 /);
    expect(bodyOf(c.answer()).error.code).toBe('request_timeout');
    // The spool file goes once the upload's stream has failed; the upload before stays.
    const uploads = async () => (await s.files()).filter((f) => f.includes('.incoming'));
    for (let i = 0; i < 50 && (await uploads()).length > 0; i++) await sleep(20);
    expect(await uploads()).toEqual([]);
    const before = (await s.files()).length;
    clock.advance(25 * 3600_000);
    // Only the earlier, unsent upload is removed: the stalled one made no attachment.
    expect(await s.t.server.services.attachments.sweep()).toBe(1);
    expect((await s.files()).length).toBe(before - 1);
  });
});

describe('everything else keeps the request timeout', () => {
  it('a JSON body that trickles is answered 408 though it keeps moving', async () => {
    const c = await connection();
    c.socket.write(head('POST', '/v1/rooms', { 'content-type': 'application/json', 'content-length': '100000' }));
    c.socket.write('{"type":"group","name":"');
    expect(await trickleUntilClosed(c)).toBe(true);
    await c.closed;
    expect(c.answer()).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('an upload refused before its body (a bad token) may not trickle the rest in', async () => {
    const c = await connection();
    c.socket.write(uploadHead('refused.txt', 100_000, 'not-a-token'));
    // Closed by the request timeout: past its answer an upload's body is timed like any other.
    expect(await trickleUntilClosed(c)).toBe(true);
    expect(c.answer()).toMatch(/^HTTP\/1\.1 401 /);
  });
});
