/**
 * Requests that ask to switch protocols: only a WebSocket upgrade on /v1/realtime is one. An
 * `Upgrade: h2c` (sent by the JDK's HttpClient and by curl --http2 on every plain-http request)
 * is served as the ordinary request it also is, in the usual envelope, not cut off with a bare 404.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawExchange } from '../helpers/raw-socket.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const h2c = (path: string) =>
  `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n`;

describe('an Upgrade: h2c request', () => {
  it('is answered as a plain HTTP/1.1 request', async () => {
    const answer = await rawExchange(t.url, h2c('/healthz'));
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 200 OK');
  });

  it('gets the error envelope of the route it names', async () => {
    const answer = await rawExchange(t.url, h2c('/v1/rooms'));
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 401 Unauthorized');
    expect(answer).toMatch(/content-type: application\/json/i);
  });
});

describe('a WebSocket upgrade', () => {
  it('anywhere but /v1/realtime is refused 404', async () => {
    const answer = await rawExchange(
      t.url,
      'GET /v1/rooms HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
    );
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 404 Not Found');
  });
});
