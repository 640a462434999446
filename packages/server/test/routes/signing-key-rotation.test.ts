/**
 * Rotating a project's token signing key (issue 10, finding 11): the new key signs at once; the
 * old one keeps verifying, for use and for refresh, and stays in the JWKS until every token it
 * signed is past its refresh window (24 h + 30 days), then is dropped; or at once when retired now.
 * The server runs in this process, so moving Date moves its clock.
 */
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { userFetch } from '../helpers/user-fetch.js';

const DAY = 24 * 3600_000;

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());
afterEach(() => {
  vi.useRealTimers();
});

/** Moves the server's (and this test's) clock to `ms` from the real now. */
function travel(ms: number) {
  const now = Date.now();
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(now + ms);
}

async function project() {
  const p = await t.newProject('rotating');
  const token = async (userId = 'alice') => {
    const res = await p.client.post('/v1/auth/token', { user_id: userId });
    expect(res.status).toBe(200);
    return res.body.token as string;
  };
  const jwks = async () => {
    const res = await fetch(`${t.url}/v1/projects/${p.credentials.project_id}/.well-known/jwks.json`);
    return (await res.json()) as { keys: { kid: string }[] };
  };
  const rotate = (retireNow = false) =>
    t.server.services.projects.rotateSigningKey(p.credentials.project_id, { retireNow });
  const usable = async (token: string) => (await userFetch(t.url, token, '/v1/me/unread')).status;
  const refresh = (token: string) => p.client.post('/v1/auth/refresh', { token });
  return { ...p, token, jwks, rotate, usable, refresh };
}

const kidOf = (token: string) => decodeProtectedHeader(token).kid!;

describe('signing-key rotation', () => {
  it('signs with the new key at once, while the old key verifies and is published', async () => {
    const p = await project();
    const before = await p.token();
    const rotation = (await p.rotate())!;
    expect(rotation.previous_kids).toEqual([kidOf(before)]);
    expect(Date.parse(rotation.previous_keys_retire_at) - Date.now()).toBeGreaterThan(31 * DAY - 60_000);

    const after = await p.token();
    expect(kidOf(after)).toBe(rotation.kid);
    expect(kidOf(after)).not.toBe(kidOf(before));
    const published = await p.jwks();
    expect(published.keys.map((k) => k.kid).sort()).toEqual([kidOf(before), rotation.kid].sort());
    // A standard verifier with the published set accepts both.
    const set = createLocalJWKSet(published as never);
    for (const token of [before, after]) await expect(jwtVerify(token, set)).resolves.toBeTruthy();
    expect(await p.usable(before)).toBe(200);
    expect(await p.usable(after)).toBe(200);
    // Refreshing an old token gives one signed by the new key.
    const refreshed = await p.refresh(before);
    expect(refreshed.status).toBe(200);
    expect(kidOf(refreshed.body.token)).toBe(rotation.kid);
  });

  it('keeps the old key through the refresh window of its last tokens, then drops it', async () => {
    const p = await project();
    const old = await p.token();
    const rotation = (await p.rotate())!;

    // 30 days on: the old token expired 29 days ago and can still be refreshed; the key is still published.
    travel(30 * DAY);
    expect(await p.usable(old)).toBe(401);
    const late = await p.refresh(old);
    expect(late.status, JSON.stringify(late.body)).toBe(200);
    expect(kidOf(late.body.token)).toBe(rotation.kid);
    expect((await p.jwks()).keys.map((k) => k.kid)).toContain(kidOf(old));

    // Past 24 h + 30 days from the rotation, no token of the old key can be used or refreshed: it is gone.
    travel(31 * DAY + 60_000);
    expect((await p.jwks()).keys.map((k) => k.kid)).toEqual([rotation.kid]);
    const refused = await p.refresh(old);
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toMatch(/^(invalid_token|token_too_old)$/);
    await t.server.services.projects.pruneSigningKeys();
    expect(await t.server.store.projects.findSigningKey(kidOf(old))).toBeUndefined();
    expect(await t.server.store.projects.findSigningKey(rotation.kid)).toBeDefined();
    expect(await p.usable(await p.token())).toBe(200);
  });

  it('retires the old key at once when asked: its tokens stop working and leave the JWKS', async () => {
    const p = await project();
    const leaked = await p.token();
    const rotation = (await p.rotate(true))!;
    expect(Date.parse(rotation.previous_keys_retire_at)).toBeLessThanOrEqual(Date.now());

    const res = await userFetch(t.url, leaked, '/v1/me/unread');
    expect(res.status).toBe(401);
    expect(((await res.json()) as any).error).toMatchObject({
      code: 'invalid_token',
      message: 'The token is not valid: the key that signed it was retired.',
    });
    const refused = await p.refresh(leaked);
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('invalid_token');
    expect((await p.jwks()).keys.map((k) => k.kid)).toEqual([rotation.kid]);
    expect(await p.usable(await p.token())).toBe(200);
  });

  it('rotating again keeps every older key to its own retirement, and touches no other project', async () => {
    const p = await project();
    const other = await project();
    const first = await p.token();
    const firstRetires = (await p.rotate())!.previous_keys_retire_at;
    travel(DAY);
    const second = await p.token();
    const again = (await p.rotate())!;
    // The key current until now is the one replaced; the older one keeps its earlier retirement.
    expect(again.previous_kids).toEqual([kidOf(second)]);
    expect((await t.server.store.projects.findSigningKey(kidOf(first)))!.retires_at).toBe(firstRetires);
    expect((await t.server.store.projects.findSigningKey(kidOf(second)))!.retires_at).toBe(
      again.previous_keys_retire_at,
    );
    expect((await p.jwks()).keys).toHaveLength(3);
    expect((await other.jwks()).keys).toHaveLength(1);
    expect(await t.server.services.projects.rotateSigningKey('proj_missing')).toBeNull();
  });
});
