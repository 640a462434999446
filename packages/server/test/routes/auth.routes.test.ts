import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, generateKeyPair, jwtVerify, SignJWT } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());
afterEach(() => {
  vi.useRealTimers();
});

const issuer = () => `${t.url}/v1/projects/${t.credentials.project_id}`;
const jwks = () => createRemoteJWKSet(new URL(`${issuer()}/.well-known/jwks.json`));

describe('POST /v1/auth/token', () => {
  it('issues an ES256 JWT that a standard library verifies through the published JWKS', async () => {
    const res = await t.client.post('/v1/auth/token', {
      user_id: 'user-123',
      user_name: 'John Doe',
      user_info: {
        avatar_url: 'https://example.com/a.png',
        nickname: 'Johnny',
        badge: 'VIP',
        custom: { tier: 'gold' },
      },
      channels: ['announcements'],
      role: 'agent',
    });
    expect(res.status).toBe(200);
    const { payload, protectedHeader } = await jwtVerify(res.body.token, jwks(), {
      issuer: issuer(),
      audience: 'oichat',
    });
    expect(protectedHeader.alg).toBe('ES256');
    expect(protectedHeader.kid).toMatch(/^key_/);
    expect(payload).toMatchObject({
      sub: 'user-123',
      name: 'John Doe',
      role: 'agent',
      channels: ['announcements'],
      user_info: { nickname: 'Johnny', badge: 'VIP', custom: { tier: 'gold' } },
      project_id: t.credentials.project_id,
    });
    expect(payload.exp! - payload.iat!).toBe(24 * 3600);
    expect(payload.jti).toBeTypeOf('string');
    expect(res.body.expires_at).toBe(new Date(payload.exp! * 1000).toISOString());
  });

  it('defaults role to user and channels to [], and gives every token its own jti', async () => {
    const a = await t.client.post('/v1/auth/token', { user_id: 'u1' });
    const b = await t.client.post('/v1/auth/token', { user_id: 'u1' });
    const pa = decodeJwt(a.body.token);
    expect(pa.role).toBe('user');
    expect(pa.channels).toEqual([]);
    expect(pa.jti).not.toBe(decodeJwt(b.body.token).jti);
  });

  it('records the user and updates them on the next call', async () => {
    await t.client.post('/v1/auth/token', { user_id: 'recorded', user_name: 'First' });
    await t.client.post('/v1/auth/token', { user_id: 'recorded', user_name: 'Second', role: 'agent' });
    const user = await t.server.store.users.find(t.credentials.project_id, 'recorded');
    expect(user).toMatchObject({ name: 'Second', role: 'agent' });
  });

  it('keeps the name and info a user has when a later call omits them', async () => {
    await t.client.post('/v1/auth/token', { user_id: 'kept', user_name: 'Kept', user_info: { badge: 'VIP' } });
    await t.client.post('/v1/auth/token', { user_id: 'kept' });
    const user = await t.server.store.users.find(t.credentials.project_id, 'kept');
    expect(user).toMatchObject({ name: 'Kept', role: 'user' });
    expect(JSON.parse(user!.user_info!)).toEqual({ badge: 'VIP' });
  });

  it.each(
    [
      [{}, 'user_id', 'required'],
      [{ user_id: '' }, 'user_id', 'minLength'],
      [{ user_id: 'x'.repeat(129) }, 'user_id', 'maxLength'],
      [{ user_id: 'has space' }, 'user_id', 'pattern'],
      [{ user_id: 'u', role: 'admin' }, 'role', 'enum'],
      [{ user_id: 'u', channels: 'c' }, 'channels', 'type'],
      [{ user_id: 'u', user_info: { nickname: 5 } }, 'user_info.nickname', 'type'],
      [{ user_id: 'u', user_info: { custom: { blob: 'x'.repeat(9000) } } }, 'user_info', 'maxBytes'] as const,
      [{ user_id: 'u', surprise: true }, 'surprise', 'additionalProperties'],
      [{ user_id: 'system' }, 'user_id', 'reserved'],
    ].map(([body, field, rule]) => [field, rule, body] as const),
  )('400 validation_failed: %s breaks %s', async (field, rule, body) => {
    const res = await t.client.post('/v1/auth/token', body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details).toContainEqual(expect.objectContaining({ field, rule }));
  });
});

describe('POST /v1/auth/refresh', () => {
  it('renews a valid token with a new jti, iat and exp and the same claims', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() - 3600_000);
    const first = await t.client.post('/v1/auth/token', {
      user_id: 'r1',
      user_name: 'R',
      channels: ['c'],
      user_info: { badge: 'b' },
    });
    vi.useRealTimers();
    const res = await t.client.post('/v1/auth/refresh', { token: first.body.token });
    expect(res.status).toBe(200);
    const { payload } = await jwtVerify(res.body.token, jwks(), { issuer: issuer(), audience: 'oichat' });
    const old = decodeJwt(first.body.token);
    expect(payload.jti).not.toBe(old.jti);
    expect(payload.iat).toBeGreaterThan(old.iat!);
    expect(payload.exp).toBeGreaterThan(old.exp!);
    for (const claim of ['sub', 'name', 'role', 'channels', 'user_info', 'project_id'])
      expect(payload[claim]).toEqual(old[claim]);
  });

  it('renews a token expired 29 days ago but not one expired 31 days ago', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() - 30 * 24 * 3600_000);
    const recent = await t.client.post('/v1/auth/token', { user_id: 'r2' });
    vi.setSystemTime(Date.now() - 2 * 24 * 3600_000);
    const ancient = await t.client.post('/v1/auth/token', { user_id: 'r2' });
    vi.useRealTimers();
    expect((await t.client.post('/v1/auth/refresh', { token: recent.body.token })).status).toBe(200);
    const res = await t.client.post('/v1/auth/refresh', { token: ancient.body.token });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('token_too_old');
  });

  it("401 invalid_token for a forged token, another project's token, or garbage", async () => {
    const real = decodeJwt((await t.client.post('/v1/auth/token', { user_id: 'f' })).body.token);
    const { privateKey } = await generateKeyPair('ES256');
    const kid = (await t.server.store.projects.signingKeys(t.credentials.project_id))[0]!.kid;
    const forged = await new SignJWT({ ...real, role: 'agent' })
      .setProtectedHeader({ alg: 'ES256', kid })
      .sign(privateKey);
    const other = await t.newProject('other');
    const foreign = (await other.client.post('/v1/auth/token', { user_id: 'f' })).body.token;
    for (const token of [forged, foreign, 'not.a.jwt', 'garbage']) {
      const res = await t.client.post('/v1/auth/refresh', { token });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('invalid_token');
    }
  });
});

describe('GET /v1/projects/:id/.well-known/jwks.json', () => {
  it('serves public keys only, and 404 for an unknown project', async () => {
    const res = await fetch(`${issuer()}/.well-known/jwks.json`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { keys: Record<string, unknown>[] };
    expect(body.keys.length).toBeGreaterThan(0);
    for (const key of body.keys) {
      expect(key).not.toHaveProperty('d');
      expect(key).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    }
    const set = createLocalJWKSet(body as any);
    const token = (await t.client.post('/v1/auth/token', { user_id: 'j' })).body.token;
    await expect(jwtVerify(token, set)).resolves.toBeTruthy();
    const missing = await fetch(`${t.url}/v1/projects/proj_nope/.well-known/jwks.json`);
    expect(missing.status).toBe(404);
  });

  it("does not verify one project's token with another project's keys", async () => {
    const other = await t.newProject('jwks-other');
    const token = (await other.client.post('/v1/auth/token', { user_id: 'x' })).body.token;
    await expect(jwtVerify(token, jwks())).rejects.toThrow();
  });
});
