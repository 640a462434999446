import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignedClient, signDocumented } from '../helpers/signed-client.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const body = { user_id: 'alice' };

describe('signed backend requests', () => {
  it('accepts a request signed as docs/http-api.md describes', async () => {
    const res = await t.client.post('/v1/auth/token', body);
    expect(res.status).toBe(200);
    expect(res.body.token).toBeTypeOf('string');
  });

  it.each([
    ['x-oichat-project-id', 'X-OiChat-Project-Id'],
    ['x-oichat-api-key', 'X-OiChat-Api-Key'],
    ['x-oichat-timestamp', 'X-OiChat-Timestamp'],
    ['x-oichat-signature', 'X-OiChat-Signature'],
  ])('401 missing_credentials without %s', async (header, display) => {
    const res = await t.client.post('/v1/auth/token', body, { omit: [header] });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('missing_credentials');
    expect(res.body.error.message).toContain(display);
  });

  it('401 malformed_credentials for a non-numeric timestamp or a signature of the wrong form', async () => {
    const a = await t.client.post('/v1/auth/token', body, { timestamp: 'yesterday' });
    expect(a.status).toBe(401);
    expect(a.body.error.code).toBe('malformed_credentials');
    const b = await t.client.post('/v1/auth/token', body, { signature: 'sha256=abc' });
    expect(b.status).toBe(401);
    expect(b.body.error.code).toBe('malformed_credentials');
  });

  // Found by mutation testing: the forms are checked whole (anchored), and each refusal says its rule.
  it.each([
    [
      'a timestamp with something before it',
      { timestamp: 'x1700000000' },
      'X-OiChat-Timestamp',
      'expected Unix time in whole seconds',
    ],
    [
      'a timestamp with something after it',
      { timestamp: '1700000000x' },
      'X-OiChat-Timestamp',
      'expected Unix time in whole seconds',
    ],
    [
      'a signature with something before it',
      { signature: `xv2=${'a'.repeat(64)}` },
      'X-OiChat-Signature',
      'expected "v2=" followed by 64 lowercase hex digits',
    ],
    [
      'a signature with something after it',
      { signature: `v2=${'a'.repeat(64)}0` },
      'X-OiChat-Signature',
      'expected "v2=" followed by 64 lowercase hex digits',
    ],
  ])('401 malformed_credentials for %s, naming the header and the rule', async (_what, opts, header, rule) => {
    const res = await t.client.post('/v1/auth/token', body, opts);
    expect(res.status).toBe(401);
    expect(res.body.error).toMatchObject({
      code: 'malformed_credentials',
      message: `The ${header} header is malformed: ${rule}.`,
    });
  });

  it('401 missing_credentials for an empty header, malformed_credentials for one sent twice', async () => {
    const empty = await t.client.post('/v1/auth/token', body, { headers: { 'x-oichat-api-key': '' } });
    expect(empty.status).toBe(401);
    expect(empty.body.error.code).toBe('missing_credentials');
    // Two values of one header, as fetch cannot send them: on a raw socket.
    const { rawExchange } = await import('../helpers/raw-socket.js');
    const answer = await rawExchange(
      t.url,
      'POST /v1/auth/token HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n' +
        `x-oichat-project-id: ${t.credentials.project_id}\r\nx-oichat-api-key: a\r\nx-oichat-api-key: b\r\n` +
        'x-oichat-timestamp: 1\r\nx-oichat-signature: v1=0\r\n\r\n',
    );
    expect(answer).toMatch(/^HTTP\/1\.1 401/);
  });

  it('takes a timestamp exactly 5 minutes off, and refuses one a second more', async () => {
    // The server's clock is the system's: frozen, so the request is signed and checked at one moment.
    const { vi } = await import('vitest');
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const now = Math.floor(Date.now() / 1000);
      vi.setSystemTime(now * 1000);
      for (const [offset, status] of [
        [-300, 200],
        [300, 200],
        [-301, 401],
        [301, 401],
      ] as const) {
        const res = await t.client.post('/v1/auth/token', body, { timestamp: String(now + offset) });
        expect(res.status, `offset ${offset}`).toBe(status);
      }
    } finally {
      vi.useRealTimers();
    }
  });

  it('401 stale_timestamp more than 5 minutes off, either way, even when correctly signed', async () => {
    // Well past the limit: a whole-second timestamp taken late in a second is up to 1 s closer
    // to the server's clock when it arrives (the exact edge is the frozen-clock test above).
    for (const offset of [-310, 310]) {
      const res = await t.client.post('/v1/auth/token', body, {
        timestamp: String(Math.floor(Date.now() / 1000) + offset),
      });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('stale_timestamp');
    }
    const within = await t.client.post('/v1/auth/token', body, {
      timestamp: String(Math.floor(Date.now() / 1000) - 240),
    });
    expect(within.status).toBe(200);
  });

  it('401 invalid_signature when the body, the query or the method differs from what was signed', async () => {
    const ts = Math.floor(Date.now() / 1000).toString();
    const signedFor = (method: string, path: string, b: string) =>
      signDocumented(t.credentials.secret_key, ts, method, path, b);
    const tamperedBody = await t.client.post(
      '/v1/auth/token',
      { user_id: 'mallory' },
      {
        timestamp: ts,
        signature: signedFor('POST', '/v1/auth/token', JSON.stringify(body)),
      },
    );
    expect(tamperedBody.body.error.code).toBe('invalid_signature');
    const tamperedQuery = await t.client.get('/v1/rooms?user_id=bob', {
      timestamp: ts,
      signature: signedFor('GET', '/v1/rooms?user_id=alice', ''),
    });
    expect(tamperedQuery.body.error.code).toBe('invalid_signature');
    const wrongSecret = new SignedClient(t.url, { ...t.credentials, secret_key: 'sk_wrong' });
    const res = await wrongSecret.post('/v1/auth/token', body);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('invalid_signature');
  });

  it('401 invalid_api_key for an unknown key, or a key presented with another project id', async () => {
    const unknown = new SignedClient(t.url, { ...t.credentials, api_key: 'ak_live_doesnotexist' });
    expect((await unknown.post('/v1/auth/token', body)).body.error.code).toBe('invalid_api_key');
    const other = await t.newProject('other');
    const mixed = new SignedClient(t.url, { ...t.credentials, project_id: other.credentials.project_id });
    const res = await mixed.post('/v1/auth/token', body);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('invalid_api_key');
  });

  it('checks the signature before validating the body, so unsigned callers learn nothing of the rules', async () => {
    const res = await t.client.post('/v1/rooms', { nonsense: true }, { omit: ['x-oichat-signature'] });
    expect(res.status).toBe(401);
  });
});

describe('key rotation', () => {
  it('keeps the old key working during the grace period, and revokes it at once with grace 0', async () => {
    const project = await t.newProject('rotating');
    const rotated = await t.server.services.projects.rotateKeys(project.credentials.project_id, 24);
    expect(rotated).not.toBeNull();
    const fresh = new SignedClient(t.url, { ...project.credentials, ...rotated! });
    expect((await fresh.post('/v1/auth/token', body)).status).toBe(200);
    expect((await project.client.post('/v1/auth/token', body)).status).toBe(200);

    const again = await t.server.services.projects.rotateKeys(project.credentials.project_id, 0);
    const newest = new SignedClient(t.url, { ...project.credentials, ...again! });
    expect((await newest.post('/v1/auth/token', body)).status).toBe(200);
    for (const old of [project.client, fresh]) {
      const res = await old.post('/v1/auth/token', body);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('invalid_api_key');
    }
  });

  it('never stores a secret key in plain text', async () => {
    const keys = await t.server.store.projects.apiKeys(t.credentials.project_id);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(key.secret_sealed).not.toContain(t.credentials.secret_key);
      expect(key.secret_sealed).not.toContain(t.credentials.secret_key.slice(3));
    }
  });
});
