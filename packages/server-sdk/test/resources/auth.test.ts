import { afterEach, beforeAll, expect, it, vi } from 'vitest';
import type { OiChat, TokenResponse } from '../../src/index.ts';
import { decodeJwt, expectApiError } from '../helpers/assertions.ts';
import { credentials, describeWithServer, makeClient, uid } from '../helpers/env.ts';

/** Verifies an ES256 JWT against the project's published JWKS, with Web Crypto only. */
async function verifyWithJwks(token: string): Promise<boolean> {
  const { header, payload } = decodeJwt(token);
  const jwks = (await (await fetch(`${String(payload.iss)}/.well-known/jwks.json`)).json()) as {
    keys: Array<JsonWebKey & { kid?: string }>;
  };
  const jwk = jwks.keys.find((k) => k.kid === header.kid);
  if (!jwk) throw new Error(`kid ${String(header.kid)} not in the JWKS`);
  const key = await crypto.subtle.importKey('jwk', jwk, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
  const [h, p, s] = token.split('.');
  return crypto.subtle.verify(
    { name: 'ECDSA', hash: 'SHA-256' },
    key,
    Buffer.from(s!, 'base64url'),
    new TextEncoder().encode(`${h}.${p}`),
  );
}

describeWithServer('auth (real server)', () => {
  let oichat: OiChat;
  beforeAll(() => {
    oichat = makeClient();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('createToken issues a verifiable 24 h JWT with every documented claim', async () => {
    const userId = uid();
    const result: TokenResponse = await oichat.auth.createToken({
      user_id: userId,
      user_name: 'John Doe',
      user_info: {
        avatar_url: 'https://example.com/a.png',
        nickname: 'Johnny',
        badge: 'VIP',
        custom: { tier: 'gold' },
      },
      channels: ['news'],
      role: 'agent',
    });
    expect(Object.keys(result).sort()).toEqual(['expires_at', 'token']);
    const { header, payload } = decodeJwt(result.token);
    expect(header).toMatchObject({ alg: 'ES256' });
    expect(typeof header.kid).toBe('string');
    expect(payload).toMatchObject({
      sub: userId,
      aud: 'oichat',
      project_id: credentials().projectId,
      name: 'John Doe',
      role: 'agent',
      channels: ['news'],
      user_info: {
        avatar_url: 'https://example.com/a.png',
        nickname: 'Johnny',
        badge: 'VIP',
        custom: { tier: 'gold' },
      },
    });
    expect(payload.iss).toBe(`${credentials().baseUrl}/v1/projects/${credentials().projectId}`);
    expect(Number(payload.exp) - Number(payload.iat)).toBe(24 * 3600);
    expect(Date.parse(result.expires_at)).toBe(Number(payload.exp) * 1000);
    expect(await verifyWithJwks(result.token)).toBe(true);
  });

  it('createToken defaults role to user and channels to []', async () => {
    const { token } = await oichat.auth.createToken({ user_id: uid() });
    expect(decodeJwt(token).payload).toMatchObject({ role: 'user', channels: [] });
  });

  it('refreshToken returns a new token with a new jti and the same user claims', async () => {
    const userId = uid();
    const first = await oichat.auth.createToken({ user_id: userId, user_name: 'R', role: 'agent' });
    const { token: newToken, expires_at } = await oichat.auth.refreshToken({ token: first.token });
    const before = decodeJwt(first.token).payload;
    const after = decodeJwt(newToken).payload;
    expect(after.jti).not.toBe(before.jti);
    expect(after).toMatchObject({ sub: userId, name: 'R', role: 'agent', project_id: before.project_id });
    expect(typeof expires_at).toBe('string');
    expect(await verifyWithJwks(newToken)).toBe(true);
  });

  it("refreshToken rejects a malformed token and another project's token with 401 invalid_token", async () => {
    await expectApiError(oichat.auth.refreshToken({ token: 'expired-jwt...' }), 401, 'invalid_token');
    const foreign = await makeClient({ project: 1 }).auth.createToken({ user_id: uid() });
    await expectApiError(oichat.auth.refreshToken({ token: foreign.token }), 401, 'invalid_token');
  });

  it('revokeTokens signs a user out: their tokens are refused (refresh too) with token_revoked; a new one works', async () => {
    const userId = uid();
    const me = (token: string) =>
      fetch(`${credentials().baseUrl}/v1/me/rooms`, { headers: { authorization: `Bearer ${token}` } });
    const { token } = await oichat.auth.createToken({ user_id: userId });
    expect((await me(token)).status).toBe(200);
    const revoked = await oichat.auth.revokeTokens({ user_id: userId });
    expect(revoked).toEqual({ user_id: userId, revoked_at: expect.any(String) });
    expect(Date.parse(revoked.revoked_at)).toBeGreaterThan(0);
    const refused = await me(token);
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('token_revoked');
    await expectApiError(oichat.auth.refreshToken({ token }), 401, 'token_revoked');
    expect((await me((await oichat.auth.createToken({ user_id: userId })).token)).status).toBe(200);
    await expectApiError(oichat.auth.revokeTokens({ user_id: '' }), 400, 'validation_failed');
  });

  it('validation errors come back as OiChatApiError 400 validation_failed with details', async () => {
    const error = await expectApiError(oichat.auth.createToken({ user_id: '' }), 400, 'validation_failed');
    expect(error.details?.some((d) => d.field === 'user_id')).toBe(true);
    const role = await expectApiError(
      oichat.auth.createToken({ user_id: uid(), role: 'admin' as 'user' }),
      400,
      'validation_failed',
    );
    expect(role.details?.some((d) => d.field === 'role')).toBe(true);
  });

  it('a wrong secret key is refused with 401 invalid_signature', async () => {
    const wrong = makeClient({ secretKey: 'sk_notTheRightSecret0000000000' });
    await expectApiError(wrong.auth.createToken({ user_id: uid() }), 401, 'invalid_signature');
  });

  it("another project's api key is refused with 401 invalid_api_key", async () => {
    const mixed = makeClient({ apiKey: credentials(1).apiKey, secretKey: credentials(1).secretKey });
    await expectApiError(mixed.rooms.list({ user_id: uid() }), 401, 'invalid_api_key');
    const unknown = makeClient({ apiKey: 'ak_live_doesNotExist000000' });
    await expectApiError(unknown.rooms.list({ user_id: uid() }), 401, 'invalid_api_key');
  });

  it('a clock more than 300 s off is refused with 401 stale_timestamp', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 10 * 60 * 1000);
    await expectApiError(oichat.auth.createToken({ user_id: uid() }), 401, 'stale_timestamp');
  });
});
