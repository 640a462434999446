/**
 * The request log as an operator reads it: every 4xx/5xx "request completed" line carries the
 * error code next to the request id, so the request_id from a user's bug report says what went
 * wrong; requests that arrive while the server shuts down get a 503 in the error shape.
 */
import { Writable } from 'node:stream';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loggerOptions } from '../../src/app.js';
import { resolveConfig, type Config } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { SignedClient } from '../helpers/signed-client.js';
import { freshDatabase, type TestDatabase } from '../helpers/test-database.js';

let db: TestDatabase;
let server: RunningServer;
let client: SignedClient;
const lines: Record<string, any>[] = [];

async function start(limits: Partial<Config['limits']> = {}): Promise<RunningServer> {
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const config = resolveConfig({ port: 0, host: '127.0.0.1', database: db.url, rateLimit: 0 }, {});
  return startServer(
    { ...config, limits: { ...config.limits, ...limits } },
    {
      logger: { ...(loggerOptions('info') as object), stream },
    },
  );
}

beforeAll(async () => {
  db = await freshDatabase();
  server = await start();
  client = new SignedClient(server.url, await server.services.projects.create('log'));
});
afterAll(async () => {
  try {
    await server?.close();
  } finally {
    await db?.drop();
  }
});

/** The "request completed" line of a request id, once a marker request after it has been logged. */
async function completedLine(requestId: string): Promise<Record<string, any>> {
  const marker = `marker-${requestId}`;
  await fetch(`${server.url}/healthz`, { headers: { 'x-request-id': marker } });
  while (!lines.some((l) => l.reqId === marker && l.res)) await new Promise((r) => setTimeout(r, 10));
  const found = lines.find((l) => l.reqId === requestId && l.msg === 'request completed');
  expect(found, `no completed line for ${requestId}`).toBeDefined();
  return found!;
}

describe('a 4xx or 5xx request completed line', () => {
  it.each([
    ['401', () => fetch(`${server.url}/v1/rooms?user_id=a`, { headers: { 'x-request-id': 'r-401' } }), 'r-401'],
    ['404', () => fetch(`${server.url}/v1/nope`, { headers: { 'x-request-id': 'r-404' } }), 'r-404'],
    [
      '400',
      () => client.post('/v1/rooms', { type: 'group', participants: ['a'] }, { headers: { 'x-request-id': 'r-400' } }),
      'r-400',
    ],
    [
      '415',
      () =>
        client.post('/v1/rooms', undefined, {
          rawBody: 'x',
          headers: { 'x-request-id': 'r-415', 'content-type': 'text/plain' },
        }),
      'r-415',
    ],
    [
      '404 of a resource',
      () => client.get('/v1/rooms/room_missing', { headers: { 'x-request-id': 'r-404b' } }),
      'r-404b',
    ],
  ])('%s: carries the code the response carried, and the request id', async (_what, send, requestId) => {
    const res = await send();
    const status = res.status;
    const body = res instanceof Response ? await res.json() : res.body;
    const code = (body as { error: { code: string } }).error.code;
    const line = await completedLine(requestId);
    expect(line.res).toEqual({ statusCode: status, error_code: code });
  });

  it('a 200 line has no error code', async () => {
    await fetch(`${server.url}/healthz`, { headers: { 'x-request-id': 'r-200' } });
    expect((await completedLine('r-200')).res).toEqual({ statusCode: 200 });
  });
});

/** A plain TCP connection to the server, to write requests by hand; `received()`: what came back so far. */
async function rawConnection(url: string): Promise<{ socket: Socket; received: () => string }> {
  const socket = connect({ port: Number(new URL(url).port), host: '127.0.0.1' });
  socket.on('error', () => {});
  await new Promise((r) => socket.once('connect', r));
  let received = '';
  socket.on('data', (c: Buffer) => (received += c.toString()));
  return { socket, received: () => received };
}

describe('while the server shuts down', () => {
  it('a request on an open connection gets 503 shutting_down in the error shape, and its log line says so', async () => {
    const other = await start();
    const { socket, received } = await rawConnection(other.url);
    // A request in flight keeps the connection open through close(); a second one follows it.
    socket.write(
      'POST /v1/auth/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n',
    );
    while (!lines.some((l) => l.req?.url === '/v1/auth/token' && l.msg === 'incoming request'))
      await new Promise((r) => setTimeout(r, 10));
    const closed = other.close();
    socket.write('{}GET /healthz HTTP/1.1\r\nHost: x\r\nX-Request-Id: during-close\r\n\r\n');
    const ended = new Promise((r) => socket.once('close', r));
    await closed;
    await ended;
    const second = received().slice(received().indexOf('HTTP/1.1', 1));
    expect(second).toMatch(/^HTTP\/1\.1 503/);
    const body = JSON.parse(second.slice(second.indexOf('\r\n\r\n') + 4));
    expect(body.error).toMatchObject({ code: 'shutting_down', request_id: 'during-close' });
    expect(lines.find((l) => l.reqId === 'during-close' && l.res)?.res).toEqual({
      statusCode: 503,
      error_code: 'shutting_down',
    });
  });

  it('lets a keep-alive connection go once its request in flight is answered, instead of waiting out the idle timeout', async () => {
    // An hour of keep-alive: were the connection left open, close() would hang past the test's timeout.
    const other = await start({ httpIdleTimeoutMs: 3_600_000 });
    const { socket, received } = await rawConnection(other.url);
    socket.write(
      'POST /v1/auth/token HTTP/1.1\r\nHost: x\r\nX-Request-Id: in-flight\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n',
    );
    while (!lines.some((l) => l.reqId === 'in-flight' && l.msg === 'incoming request'))
      await new Promise((r) => setTimeout(r, 10));
    const closed = other.close();
    const ended = new Promise((r) => socket.once('close', r));
    socket.write('{}');
    await ended;
    await closed;
    // The request in flight was answered (unsigned: 401), and nothing else.
    expect(received()).toMatch(/^HTTP\/1\.1 401/);
    expect(received().match(/HTTP\/1\.1 /g)).toHaveLength(1);
  });

  it('cuts the connections still busy after the shutdown timeout, naming what it waited on meanwhile', async () => {
    // Nothing else would end this request for an hour: a body that never comes.
    const other = await start({
      httpIdleTimeoutMs: 3_600_000,
      httpRequestTimeoutMs: 3_600_000,
      shutdownTimeoutMs: 5_500,
    });
    const { socket } = await rawConnection(other.url);
    socket.write(
      'POST /v1/auth/token HTTP/1.1\r\nHost: x\r\nX-Request-Id: stalled\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{',
    );
    while (!lines.some((l) => l.reqId === 'stalled' && l.msg === 'incoming request'))
      await new Promise((r) => setTimeout(r, 10));
    const ended = new Promise((r) => socket.once('close', r));
    const from = lines.length;
    await other.close();
    await ended;
    const logged = lines.slice(from).map((l) => l.msg);
    // The progress line comes 5 s in, the cut at 5.5 s: one of each, in that order.
    expect(logged.filter((m) => m === 'shutdown still waiting')).toHaveLength(1);
    expect(lines.slice(from).find((l) => l.msg === 'shutdown still waiting')).toMatchObject({
      step: 'http',
      open_connections: 1,
    });
    expect(logged.indexOf('shutdown timeout: closing busy connections')).toBeGreaterThan(
      logged.indexOf('shutdown still waiting'),
    );
  }, 20_000);
});
