/**
 * Requests Node's HTTP parser refuses before any route runs (issue 10, finding 12): raw non-ASCII
 * bytes in the URL, a malformed request line, oversized headers. They get the documented error
 * envelope with a request id, not Node's or Fastify's bare 400, and the server keeps serving.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawConnect } from '../helpers/raw-socket.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

/** Sends the bytes as they are and parses the one answer the server gives before it closes. */
async function exchange(bytes: Buffer) {
  const socket = await rawConnect(t.url);
  const chunks: Buffer[] = [];
  socket.on('data', (c: Buffer) => chunks.push(c));
  const closed = new Promise((resolve) => socket.once('close', resolve));
  socket.write(bytes);
  await closed;
  const text = Buffer.concat(chunks).toString('utf8');
  const [head, body] = text.split('\r\n\r\n') as [string, string];
  const [statusLine, ...headerLines] = head.split('\r\n');
  const headers = Object.fromEntries(
    headerLines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
  );
  return { status: Number(statusLine!.split(' ')[1]), headers, body: JSON.parse(body) };
}

const get = (target: Buffer | string, extra = '') =>
  Buffer.concat([Buffer.from('GET '), Buffer.from(target), Buffer.from(` HTTP/1.1\r\nHost: x\r\n${extra}\r\n`)]);

describe('requests the HTTP parser refuses', () => {
  it.each([
    ['UTF-8 bytes in the path', get(Buffer.from('/v1/rooms/café', 'utf8'))],
    ['Latin-1 bytes in the path', get(Buffer.from('/v1/rooms/caf\xe9', 'latin1'))],
    ['a raw byte in the query', get(Buffer.from('/v1/rooms?user_id=\xff', 'latin1'))],
  ])('%s: 400 invalid_url in the error envelope', async (_, bytes) => {
    const res = await exchange(bytes);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.body).toEqual({
      error: {
        code: 'invalid_url',
        message:
          'The request URL is malformed (a character in it must be percent-encoded: a space, a control character or any non-ASCII byte (as UTF-8, e.g. %C3%A9 for é)).',
        request_id: expect.stringMatching(/^req_/),
      },
    });
    expect(res.headers['x-request-id']).toBe(res.body.error.request_id);
    expect(res.headers.connection).toBe('close');
  });

  it('a malformed request line: 400 malformed_request', async () => {
    const res = await exchange(Buffer.from('GARBAGE\r\n\r\n'));
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'malformed_request', request_id: expect.stringMatching(/^req_/) });
    expect(res.body.error.message).toMatch(/^The request is not valid HTTP\/1\.1: /);
  });

  it('headers past 16 KB: 431 headers_too_large', async () => {
    const res = await exchange(get('/healthz', `X-Padding: ${'a'.repeat(20_000)}\r\n`));
    expect(res.status).toBe(431);
    expect(res.body.error).toMatchObject({
      code: 'headers_too_large',
      message: 'The request line and headers are larger than 16384 bytes.',
    });
  });

  it('the same path percent-encoded is served, and the server answers after all of the above', async () => {
    const res = await t.client.get(`/v1/rooms/${encodeURIComponent('café')}`);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('room_not_found');
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
  });
});
