/**
 * Replays within the signing window (issue 10, finding 7; docs/http-api.md, "Authentication"):
 * a captured signed POST /v1/messages sent again as it is, or with another Idempotency-Key, no
 * longer makes a message each time. A signature is accepted once; a retry signed anew with the
 * same key is answered from the first. Signature v1 keeps working for one version, marked
 * deprecated, with its writes checked for replays too, and a setting refuses it.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signDocumented, signV2, type Credentials } from '../helpers/signed-client.js';
import { startTestServer, uniqueUser, type TestServer } from '../helpers/test-server.js';

let t: TestServer;
let roomId: string;
beforeAll(async () => {
  t = await startTestServer();
  roomId = (await t.client.post('/v1/rooms', { type: 'group', participants: [uniqueUser(), uniqueUser()] })).body
    .room_id;
});
afterAll(() => t?.close());

interface Captured {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** A request signed once, as an attacker on the path would capture it. */
function capture(
  credentials: Credentials,
  method: string,
  path: string,
  body: unknown,
  opts: { idempotencyKey?: string; version?: 'v1' | 'v2' } = {},
): Captured {
  const text = body === undefined ? '' : JSON.stringify(body);
  const timestamp = Math.floor(Date.now() / 1000).toString();
  const nonce = randomUUID();
  const signature =
    opts.version === 'v1'
      ? signDocumented(credentials.secret_key, timestamp, method, path, text)
      : signV2(credentials.secret_key, {
          timestamp,
          nonce,
          method,
          pathWithQuery: path,
          body: text,
          ...(opts.idempotencyKey && { idempotencyKey: opts.idempotencyKey }),
        });
  return {
    method,
    path,
    body: text,
    headers: {
      'x-oichat-project-id': credentials.project_id,
      'x-oichat-api-key': credentials.api_key,
      'x-oichat-timestamp': timestamp,
      ...(opts.version !== 'v1' && { 'x-oichat-nonce': nonce }),
      'x-oichat-signature': signature,
      ...(text !== '' && { 'content-type': 'application/json' }),
      ...(opts.idempotencyKey && { 'idempotency-key': opts.idempotencyKey }),
    },
  };
}

async function replay(c: Captured, headers: Record<string, string | undefined> = {}) {
  const merged = Object.fromEntries(
    Object.entries({ ...c.headers, ...headers }).filter((e): e is [string, string] => e[1] !== undefined),
  );
  const res = await fetch(t.url + c.path, { method: c.method, headers: merged, ...(c.body && { body: c.body }) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

const message = (content: string) => ({ room_id: roomId, sender_id: 'system', content });
async function contents(): Promise<string[]> {
  const res = await t.client.get(`/v1/rooms/${roomId}/messages?after=0&limit=100`);
  return res.body.data.map((m: { content: string }) => m.content);
}

describe('signature v2', () => {
  it('refuses a captured POST sent again as it is: one message, then 401 replayed_request', async () => {
    const c = capture(t.credentials, 'POST', '/v1/messages', message('replayed as is'));
    expect((await replay(c)).status).toBe(201);
    for (let i = 0; i < 3; i++) {
      const again = await replay(c);
      expect(again.status).toBe(401);
      expect(again.body.error.code).toBe('replayed_request');
    }
    expect((await contents()).filter((m) => m === 'replayed as is')).toHaveLength(1);
  });

  it('refuses it with another Idempotency-Key or none: the key is signed', async () => {
    const c = capture(t.credentials, 'POST', '/v1/messages', message('new key'), { idempotencyKey: 'k-original' });
    expect((await replay(c)).status).toBe(201);
    expect((await replay(c, { 'idempotency-key': 'k-attacker' })).body.error.code).toBe('invalid_signature');
    expect((await replay(c, { 'idempotency-key': undefined })).body.error.code).toBe('invalid_signature');
    // A fresh capture with a new key and no other change would need the secret: one message stands.
    expect((await contents()).filter((m) => m === 'new key')).toHaveLength(1);
  });

  it('answers a retry signed anew with the same key from the first attempt', async () => {
    const key = randomUUID();
    const first = await t.client.post('/v1/messages', message('retried'), { idempotencyKey: key });
    const retry = await t.client.post('/v1/messages', message('retried'), { idempotencyKey: key });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body.message_id).toBe(first.body.message_id);
    expect((await contents()).filter((m) => m === 'retried')).toHaveLength(1);
  });

  it('takes identical requests in the same second, each with its own nonce', async () => {
    const results = await Promise.all(Array.from({ length: 5 }, () => t.client.get(`/v1/rooms/${roomId}`)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    // And refuses a GET replayed with its nonce.
    const c = capture(t.credentials, 'GET', `/v1/rooms/${roomId}`, undefined);
    expect((await replay(c)).status).toBe(200);
    expect((await replay(c)).body.error.code).toBe('replayed_request');
  });

  it('needs a well-formed nonce, which the signature covers', async () => {
    const c = capture(t.credentials, 'GET', `/v1/rooms/${roomId}`, undefined);
    expect((await replay(c, { 'x-oichat-nonce': undefined })).body.error).toMatchObject({
      code: 'missing_credentials',
      message: expect.stringContaining('X-OiChat-Nonce'),
    });
    expect((await replay(c, { 'x-oichat-nonce': 'short' })).body.error.code).toBe('malformed_credentials');
    expect((await replay(c, { 'x-oichat-nonce': 'z'.repeat(32) })).body.error.code).toBe('invalid_signature');
    // None of these was accepted, so the genuine one still is.
    expect((await replay(c)).status).toBe(200);
  });

  it('carries no deprecation header', async () => {
    const res = await t.client.get(`/v1/rooms/${roomId}`);
    expect(res.headers.get('deprecation')).toBeNull();
  });
});

describe('signature v1 (deprecated)', () => {
  it('is accepted, marked Deprecation, and its reads are not checked for replays', async () => {
    const c = capture(t.credentials, 'GET', `/v1/rooms/${roomId}`, undefined, { version: 'v1' });
    for (let i = 0; i < 2; i++) {
      const res = await replay(c);
      expect(res.status).toBe(200);
      expect(res.headers.get('deprecation')).toBe('@1796083200');
      expect(res.headers.get('x-oichat-warning')).toMatch(/signature v1 is deprecated/);
    }
  });

  it('refuses a write replayed without its Idempotency-Key or with another one', async () => {
    const c = capture(t.credentials, 'POST', '/v1/messages', message('v1 no key'), { version: 'v1' });
    expect((await replay(c)).status).toBe(201);
    expect((await replay(c)).body.error.code).toBe('replayed_request');
    expect((await replay(c, { 'idempotency-key': 'a-new-one' })).body.error.code).toBe('replayed_request');
    expect((await contents()).filter((m) => m === 'v1 no key')).toHaveLength(1);

    const keyed = capture(t.credentials, 'POST', '/v1/messages', message('v1 keyed'), {
      version: 'v1',
      idempotencyKey: 'v1-key',
    });
    expect((await replay(keyed)).status).toBe(201);
    expect((await replay(keyed, { 'idempotency-key': 'v1-other' })).body.error.code).toBe('replayed_request');
    expect((await contents()).filter((m) => m === 'v1 keyed')).toHaveLength(1);
  });

  it("lets an old SDK's retry through (same signature, same key): answered from the first", async () => {
    const c = capture(t.credentials, 'POST', '/v1/messages', message('v1 retry'), {
      version: 'v1',
      idempotencyKey: randomUUID(),
    });
    const first = await replay(c);
    const retry = await replay(c);
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect((await contents()).filter((m) => m === 'v1 retry')).toHaveLength(1);
  });
});

describe('--signature-v1 refuse', () => {
  let strict: TestServer;
  beforeAll(async () => {
    strict = await startTestServer({ env: { OICHAT_SIGNATURE_V1: 'refuse' } });
  });
  afterAll(() => strict?.close());

  it('refuses v1 with 401 signature_version_refused and takes v2', async () => {
    const c = capture(strict.credentials, 'GET', '/v1/rooms?user_id=u', undefined, { version: 'v1' });
    const res = await fetch(strict.url + c.path, { headers: c.headers });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('signature_version_refused');
    expect((await strict.client.get('/v1/rooms?user_id=u')).status).toBe(200);
  });
});
