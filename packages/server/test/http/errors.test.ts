/**
 * The error contract of docs/http-api.md ("Errors"): every failure, whatever layer produces it
 * (body parsing, routing, validation, services), reaches the client in one shape, with a stable
 * code, the request id, and nothing of the server's internals.
 */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signDocumented, type CallResult } from '../helpers/signed-client.js';
import { startTestServer, uniqueUser, type TestServer } from '../helpers/test-server.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t?.close());

const MiB = 1024 * 1024;

/** Every error body collected by the tests, checked at the end for leaked internals. */
const seenErrorBodies: string[] = [];

function expectError(res: CallResult, status: number, code: string): void {
  seenErrorBodies.push(JSON.stringify(res.body));
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body).toEqual({
    error: expect.objectContaining({ code, message: expect.any(String), request_id: expect.any(String) }),
  });
  expect(res.body.error.message.length).toBeGreaterThan(0);
  // The id in the body is the id of this response.
  expect(res.body.error.request_id).toBe(res.headers.get('x-request-id'));
  expect(Object.keys(res.body.error).every((k) => ['code', 'message', 'request_id', 'details'].includes(k))).toBe(true);
}

/** A plain, unsigned fetch returning the same shape as SignedClient.call. */
async function plain(path: string, init: RequestInit = {}): Promise<CallResult> {
  const res = await fetch(t.url + path, init);
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text === '' ? null : JSON.parse(text);
  } catch {
    // left as text: the assertions on shape will say what came back
  }
  return { status: res.status, headers: res.headers, body };
}

/** A signed request over node:http, for what fetch cannot send (no Content-Type, chunked bodies). */
function rawSigned(opts: {
  method: string;
  path: string;
  body: Buffer;
  headers?: Record<string, string>;
  chunked?: boolean;
}): Promise<CallResult> {
  const ts = Math.floor(Date.now() / 1000).toString();
  const { project_id, api_key, secret_key } = t.credentials;
  const headers: Record<string, string> = {
    'x-oichat-project-id': project_id,
    'x-oichat-api-key': api_key,
    'x-oichat-timestamp': ts,
    'x-oichat-signature': signDocumented(secret_key, ts, opts.method, opts.path, opts.body.toString('utf8')),
    ...(!opts.chunked && { 'content-length': String(opts.body.length) }),
    ...opts.headers,
  };
  return new Promise((resolve, reject) => {
    const req = httpRequest(t.url + opts.path, { method: opts.method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const h = new Headers();
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') h.set(k, v);
        try {
          resolve({ status: res.statusCode ?? 0, headers: h, body: text === '' ? null : JSON.parse(text) });
        } catch (err) {
          reject(err); // not JSON: fail this test, not the worker
        }
      });
    });
    // The server may answer (413) and close before the whole body is written.
    req.on('error', (err) =>
      (err as NodeJS.ErrnoException).code === 'EPIPE' || (err as NodeJS.ErrnoException).code === 'ECONNRESET'
        ? undefined
        : reject(err),
    );
    if (opts.chunked) {
      const step = 64 * 1024;
      for (let i = 0; i < opts.body.length; i += step) req.write(opts.body.subarray(i, i + step));
      req.end();
    } else {
      req.end(opts.body);
    }
  });
}

describe('body parsing', () => {
  it('400 invalid_json for a signed POST whose body is not JSON', async () => {
    for (const rawBody of ['{"user_id": ', "{'user_id': 'a'}", 'user_id=a']) {
      const res = await t.client.call('POST', '/v1/auth/token', { rawBody });
      expectError(res, 400, 'invalid_json');
    }
  });

  it('accepts application/json with a charset parameter', async () => {
    const res = await t.client.post(
      '/v1/auth/token',
      { user_id: uniqueUser() },
      {
        headers: { 'content-type': 'application/json; charset=utf-8' },
      },
    );
    expect(res.status).toBe(200);
    expect(res.body.token).toBeTypeOf('string');
  });

  it('415 unsupported_media_type for a JSON body sent as text/plain or a form', async () => {
    const rawBody = JSON.stringify({ user_id: 'alice' });
    for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
      const res = await t.client.call('POST', '/v1/auth/token', { rawBody, headers: { 'content-type': type } });
      expectError(res, 415, 'unsupported_media_type');
    }
  });

  it('415 unsupported_media_type for a body sent without any Content-Type', async () => {
    const res = await rawSigned({
      method: 'POST',
      path: '/v1/auth/token',
      body: Buffer.from(JSON.stringify({ user_id: 'alice' })),
    });
    expectError(res, 415, 'unsupported_media_type');
  });

  it('413 payload_too_large for a body over 1 MiB, with or without Content-Length', async () => {
    const big = JSON.stringify({ user_id: 'alice', user_info: { custom: { pad: 'x'.repeat(MiB) } } });
    expect(Buffer.byteLength(big)).toBeGreaterThan(MiB);
    const res = await t.client.call('POST', '/v1/auth/token', { rawBody: big });
    expectError(res, 413, 'payload_too_large');

    const chunked = await rawSigned({
      method: 'POST',
      path: '/v1/auth/token',
      body: Buffer.from(big),
      chunked: true,
      headers: { 'content-type': 'application/json' },
    });
    expectError(chunked, 413, 'payload_too_large');
  });

  it('does not reject a body of exactly 1 MiB as too large', async () => {
    const prefix = '{"type":"group","participants":["a","b"],"metadata":{"pad":"';
    const suffix = '"}}';
    const exact = prefix + 'x'.repeat(MiB - prefix.length - suffix.length) + suffix;
    expect(Buffer.byteLength(exact)).toBe(MiB);
    const res = await t.client.call('POST', '/v1/rooms', { rawBody: exact });
    // Parsed and judged on its content: metadata is over 8 KB.
    expectError(res, 400, 'validation_failed');
    expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain('metadata');
  });
});

describe('unknown routes', () => {
  it('404 not_found in the standard shape, signed or not', async () => {
    expectError(await plain('/v1/nope'), 404, 'not_found');
    expectError(await plain('/nothing/here?x=1', { method: 'POST' }), 404, 'not_found');
    expectError(await t.client.get('/v1/rooms/abc/nope'), 404, 'not_found');
    expectError(await t.client.call('PUT', '/v1/rooms', { body: { type: 'group' } }), 404, 'not_found');
  });

  it('400 invalid_url for a malformed URL (bad percent-encoding), in the standard shape', async () => {
    for (const path of ['/v1/rooms/%E0%A4%A', '/v1/rooms/%zz/messages']) {
      const res = await plain(path);
      expectError(res, 400, 'invalid_url');
    }
    const signed = await t.client.get('/v1/rooms/%E0%A4%A', { headers: { 'x-request-id': 'bad-url-trace' } });
    expectError(signed, 400, 'invalid_url');
    expect(signed.body.error.request_id).toBe('bad-url-trace');
  });
});

describe('X-Request-Id', () => {
  it('is on every response, success or error, and a fresh one each time', async () => {
    const responses = [
      await plain('/healthz'),
      await plain('/readyz'),
      await plain('/v1/openapi.json'),
      await plain('/v1/nope'),
      await t.client.post('/v1/auth/token', { user_id: uniqueUser() }),
      await t.client.post('/v1/rooms', { type: 'group', participants: [uniqueUser(), uniqueUser()] }),
      await t.client.get('/v1/rooms/room_doesnotexist'),
      await t.client.post('/v1/auth/token', { user_id: 'a' }, { omit: ['x-oichat-signature'] }),
    ];
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 404, 200, 201, 404, 401]);
    const ids = responses.map((r) => r.headers.get('x-request-id'));
    for (const id of ids) expect(id).toMatch(/^req_[0-9A-Za-z]+$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('echoes a client-sent id, in the header and as error.request_id', async () => {
    const mine = 'trace-42:abc/DEF_ghi.' + Date.now();
    const err = await t.client.get('/v1/rooms/room_doesnotexist', { headers: { 'x-request-id': mine } });
    expectError(err, 404, 'room_not_found');
    expect(err.headers.get('x-request-id')).toBe(mine);
    expect(err.body.error.request_id).toBe(mine);

    const ok = await t.client.post('/v1/auth/token', { user_id: uniqueUser() }, { headers: { 'x-request-id': mine } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-request-id')).toBe(mine);

    const unsigned = await plain('/v1/nope', { headers: { 'x-request-id': mine } });
    expect(unsigned.body.error.request_id).toBe(mine);

    const longest = 'r'.repeat(128);
    expect((await plain('/healthz', { headers: { 'x-request-id': longest } })).headers.get('x-request-id')).toBe(
      longest,
    );
  });

  it('replaces an id that is too long or not visible ASCII with a generated one', async () => {
    for (const bad of ['r'.repeat(129), 'has space', 'tab\there']) {
      const res = await plain('/v1/nope', { headers: { 'x-request-id': bad } });
      const id = res.headers.get('x-request-id');
      expect(id).not.toBe(bad);
      expect(id).toMatch(/^req_[0-9A-Za-z]+$/);
      expect(res.body.error.request_id).toBe(id);
    }
  });
});

describe('validation errors', () => {
  it('list every broken field with field, rule and message', async () => {
    const res = await t.client.post('/v1/rooms', { type: 'triple', participants: 'x', extra: 1 });
    expectError(res, 400, 'validation_failed');
    const details: { field: string; rule: string; message: string }[] = res.body.error.details;
    expect(Array.isArray(details)).toBe(true);
    for (const d of details) {
      expect(d).toEqual({ field: expect.any(String), rule: expect.any(String), message: expect.any(String) });
      expect(d.rule.length).toBeGreaterThan(0);
      expect(d.message.length).toBeGreaterThan(0);
    }
    const fields = new Set(details.map((d) => d.field));
    expect(fields).toEqual(new Set(['type', 'participants', 'extra']));
    // The human message names them too.
    for (const f of ['type', 'participants', 'extra']) expect(res.body.error.message).toContain(f);
  });

  it('name a missing required field and the dotted path of a nested one', async () => {
    const res = await t.client.post('/v1/auth/token', {
      user_info: { avatar_url: 'x'.repeat(2049) },
      channels: ['ok', ''],
    });
    expectError(res, 400, 'validation_failed');
    const byField = Object.fromEntries(
      res.body.error.details.map((d: { field: string; rule: string }) => [d.field, d.rule]),
    );
    expect(byField).toMatchObject({
      user_id: 'required',
      'user_info.avatar_url': 'maxLength',
      'channels.1': 'minLength',
    });
  });

  it('does not coerce body types: a number or a string of the wrong type is rejected', async () => {
    // The documented bodies have no numeric fields; the mirror case is a value of another JSON type.
    const numberAsString = await t.client.post('/v1/auth/token', { user_id: 12345 });
    expectError(numberAsString, 400, 'validation_failed');
    expect(numberAsString.body.error.details).toEqual([expect.objectContaining({ field: 'user_id', rule: 'type' })]);

    const room = await t.client.post('/v1/rooms', { type: 'group', participants: ['a', 2], name: 7, metadata: '{}' });
    expectError(room, 400, 'validation_failed');
    const fields = room.body.error.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['participants.1', 'name', 'metadata']));

    const boolAsString = await t.client.post('/v1/auth/token', { user_id: true });
    expectError(boolAsString, 400, 'validation_failed');
  });

  it('coerces query strings: ?limit=5 is the number 5, ?limit=abc is a validation error', async () => {
    const user = uniqueUser();
    for (let i = 0; i < 6; i++) {
      const created = await t.client.post('/v1/rooms', { type: 'group', participants: [user, uniqueUser()] });
      expect(created.status).toBe(201);
    }
    const page = await t.client.get(`/v1/rooms?user_id=${user}&limit=5`);
    expect(page.status).toBe(200);
    expect(page.body.data).toHaveLength(5);
    expect(page.body.has_more).toBe(true);

    const bad = await t.client.get(`/v1/rooms?user_id=${user}&limit=abc`);
    expectError(bad, 400, 'validation_failed');
    expect(bad.body.error.details).toEqual([expect.objectContaining({ field: 'limit' })]);

    const tooBig = await t.client.get(`/v1/rooms?user_id=${user}&limit=101`);
    expectError(tooBig, 400, 'validation_failed');
    expect(tooBig.body.error.details.map((d: { field: string }) => d.field)).toEqual(['limit']);
  });
});

describe('no internals in error responses', () => {
  it('never shows a stack trace, a source path or a framework code', async () => {
    // A few more odd requests on top of every error body collected above.
    const extra = [
      await t.client.call('POST', '/v1/messages', {
        rawBody: '{"room_id": "r", "sender_id": "s", "content": "\\ud800',
      }),
      await t.client.call('POST', '/v1/rooms', { rawBody: 'null' }),
      await t.client.call('POST', '/v1/rooms', { rawBody: '[1,2,3]' }),
      await t.client.call('PATCH', '/v1/rooms/room_doesnotexist', { rawBody: '{}' }),
      await t.client.get('/v1/rooms/room_x/messages?after=1&before=-1&limit=0'),
      await t.client.call('POST', '/v1/auth/refresh', { body: { token: 'not.a.jwt' } }),
      await t.client.post(
        '/v1/rooms',
        { type: 'group', participants: ['a', 'b'] },
        { idempotencyKey: 'bad key with spaces' },
      ),
    ];
    for (const res of extra) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expectError(res, res.status, res.body.error.code);
    }
    expect(seenErrorBodies.length).toBeGreaterThanOrEqual(extra.length);
    for (const body of seenErrorBodies) {
      expect(body).not.toMatch(/\bat .+:\d+:\d+/); // stack frames: "at fn (file.js:12:34)"
      expect(body).not.toMatch(/\.(ts|js|mjs|cjs):\d+/);
      expect(body).not.toMatch(/\/work\/|node_modules|\/src\/|\/dist\//);
      expect(body).not.toMatch(/FST_|AJV|SyntaxError|TypeError/);
      expect(body).not.toContain('stack');
    }
  });
});
