/**
 * Input crafted to break the server rather than to use it: each gets a 4xx in the standard
 * error shape (never a 500), costs memory in proportion to the answer rather than the attack,
 * and leaves the server serving. Runs on SQLite and PostgreSQL, whose failure modes differ
 * (PostgreSQL text cannot hold a NUL).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawConnect, rawExchange } from '../helpers/raw-socket.js';
import { startTestServer, uniqueUser, type TestServer } from '../helpers/test-server.js';
import { userFetch } from '../helpers/user-fetch.js';
import { TestSocket } from '../helpers/ws-client.js';

let t: TestServer;
let roomId: string;
let userToken: string;
beforeAll(async () => {
  t = await startTestServer();
  const user = uniqueUser();
  roomId = (await t.client.post('/v1/rooms', { type: 'group', participants: [user, 'other'] })).body.room_id;
  userToken = (await t.client.post('/v1/auth/token', { user_id: user })).body.token;
});
afterAll(async () => {
  // Whatever came before, the server still answers.
  expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
  await t.close();
});

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const jwtWithHeader = (header: Record<string, unknown>) => `${b64(header)}.${b64({ sub: 'x' })}.c2ln`;
const userGet = (path: string, token = userToken) => userFetch(t.url, token, path);
const json = (res: Response) => res.json() as Promise<any>;
/** JSON text of arrays nested `depth` deep (JSON.stringify itself could not write it). */
const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('tokens', () => {
  it.each([
    ['a boolean', true],
    ['an object', {}],
    ['an array', ['a', 'b']],
    ['a NUL', 'a\u0000'],
  ])('401 invalid_token for a JWT whose kid is %s (REST and WebSocket)', async (_what, kid) => {
    const token = jwtWithHeader({ alg: 'ES256', kid });
    const res = await userGet('/v1/me/unread', token);
    expect(res.status).toBe(401);
    expect((await json(res)).error.code).toBe('invalid_token');
    const socket = await TestSocket.open(t.url, { token });
    expect((await socket.closed).code).toBe(4001);
  });
});

describe('token size', () => {
  it('refuses to issue a token too big for an HTTP header, naming the rule, and records nothing', async () => {
    const user_id = uniqueUser('big');
    const channels = Array.from({ length: 100 }, (_, i) => `${i}`.padEnd(200, 'c'));
    const res = await t.client.post('/v1/auth/token', {
      user_id,
      channels,
      user_info: { custom: { blob: 'x'.repeat(7000) } },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0]).toMatchObject({ field: 'body', rule: 'maxTokenClaimsBytes' });
    expect(await t.server.store.users.find(t.credentials.project_id, user_id)).toBeUndefined();
  });

  it('issues the biggest token allowed, and it works for REST', async () => {
    const user_id = uniqueUser('fits');
    const res = await t.client.post('/v1/auth/token', { user_id, user_info: { custom: { blob: 'x'.repeat(5000) } } });
    expect(res.status).toBe(200);
    expect(res.body.token.length).toBeLessThan(8192);
    expect((await userGet('/v1/me/unread', res.body.token)).status).toBe(200);
  });
});

describe('NUL characters', () => {
  it.each([
    ['the jwks path, unauthenticated', () => fetch(`${t.url}/v1/projects/%00/.well-known/jwks.json`)],
    [
      'a backend path',
      () => t.client.get('/v1/rooms/%00').then((r) => ({ status: r.status, json: async () => r.body })),
    ],
    ['a user path', () => userGet('/v1/me/rooms/a%00b')],
    ['a query', () => userGet('/v1/me/rooms?cursor=%00')],
  ])('400 invalid_url for a %00 in %s', async (_where, send) => {
    const res = await send();
    expect(res.status).toBe(400);
    const body = await json(res as Response);
    expect(body.error.code).toBe('invalid_url');
    expect(body.error.message).toMatch(/NUL/);
  });

  it.each([
    ['room name', '/v1/rooms', { type: 'group', participants: ['a', 'b'], name: 'a\u0000b' }, 'name'],
    ['user name', '/v1/auth/token', { user_id: 'u', user_name: '\u0000' }, 'user_name'],
    [
      'metadata value',
      '/v1/rooms',
      { type: 'group', participants: ['a', 'b'], metadata: { k: ['ok', 'x\u0000'] } },
      'metadata.k.1',
    ],
    ['metadata key', '/v1/rooms', { type: 'group', participants: ['a', 'b'], metadata: { 'k\u0000': 1 } }, 'metadata'],
  ])('400 validation_failed naming the field for a NUL in a %s', async (_what, path, body, field) => {
    const res = await t.client.post(path, body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details).toEqual([{ field, rule: 'noNul', message: expect.stringMatching(/NUL/) }]);
  });

  it('refuses a message with a NUL from a user, and stores nothing', async () => {
    const res = await userFetch(t.url, userToken, `/v1/me/rooms/${roomId}/messages`, { body: { content: 'a\u0000b' } });
    expect(res.status).toBe(400);
    expect((await json(res)).error.details[0]).toMatchObject({ field: 'content', rule: 'noNul' });
    expect((await userGet(`/v1/me/rooms/${roomId}/messages`).then(json)).data).toEqual([]);
  });
});

describe('deeply nested JSON', () => {
  it('400 maxDepth for metadata nested 6000 levels, with or without an Idempotency-Key', async () => {
    for (const idempotencyKey of [undefined, 'deep-1']) {
      const rawBody = `{"type":"group","participants":["a","b"],"metadata":{"a":${nested(6000)}}}`;
      const res = await t.client.call('POST', '/v1/rooms', { rawBody, ...(idempotencyKey && { idempotencyKey }) });
      expect(res.status).toBe(400);
      expect(res.body.error.details[0]).toMatchObject({
        rule: 'maxDepth',
        message: 'must not nest deeper than 32 levels',
      });
    }
  });

  it('accepts nesting up to the limit', async () => {
    const res = await t.client.post('/v1/rooms', {
      type: 'group',
      participants: ['a', 'b'],
      metadata: { a: JSON.parse(nested(30)) },
    });
    expect(res.status).toBe(201);
  });

  it('answers a too-deep realtime frame with a protocol error, not a crash', async () => {
    const socket = await TestSocket.connect(t.url, userToken);
    socket.ws.send(`{"type":"typing.start","room_id":"${roomId}","deep":${nested(5000)}}`);
    const closed = await socket.closed;
    expect(closed).toEqual({ code: 4009, reason: 'protocol_error: deep must not nest deeper than 32 levels' });
  });
});

describe('validation of huge bad input', () => {
  it('lists at most 20 broken rules, and answers small, for 200 000 bad participants', async () => {
    const res = await t.client.post('/v1/rooms', {
      type: 'group',
      participants: Array.from({ length: 200_000 }, () => '!'),
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details.length).toBeGreaterThanOrEqual(1);
    expect(res.body.error.details.length).toBeLessThanOrEqual(20);
    expect(JSON.stringify(res.body).length).toBeLessThan(10_000);
  });

  it('still lists every broken rule of a small request', async () => {
    const res = await t.client.post('/v1/rooms', { type: 'triangle', participants: 'a', name: 5 });
    expect(res.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'name',
      'participants',
      'type',
    ]);
  });
});

describe('the docs and upgrades', () => {
  it.each([
    [
      'a path out of the static folder',
      'GET /v1/docs/static/../../package.json HTTP/1.1\r\nHost: x\r\n\r\n',
      /^HTTP\/1\.1 404/,
    ],
    [
      'an unsatisfiable Range',
      'GET /v1/docs/static/swagger-ui.css HTTP/1.1\r\nHost: x\r\nRange: bytes=999999999-\r\n\r\n',
      /^HTTP\/1\.1 416/,
    ],
  ])('answers %s with a 4xx, not a 500', async (_what, request, status) => {
    const answer = await rawExchange(t.url, request);
    expect(answer).toMatch(status);
    expect(answer).not.toMatch(/internal_error/);
  });

  it('closes the socket of a refused upgrade even when the client keeps its side open', async () => {
    const socket = await rawConnect(t.url, { allowHalfOpen: true });
    socket.resume(); // 'end' comes only to a socket that reads
    socket.write('GET /nope HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n');
    await new Promise((r) => socket.once('end', r));
    // A socket the server destroyed answers further bytes with a reset; a half-closed one takes
    // them and stays open (then the test times out here).
    const closed = new Promise((r) => socket.once('close', r));
    const poke = setInterval(() => socket.writable && socket.write('x'), 50);
    await closed;
    clearInterval(poke);
    expect(socket.destroyed).toBe(true);
  });
});
