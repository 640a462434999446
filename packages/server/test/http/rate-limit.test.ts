/**
 * The per-project rate limit (docs/http-api.md, "Errors": 429 `rate_limited`, wait
 * `Retry-After` seconds). The server here allows 5 signed requests per minute per project; each
 * test uses a fresh project so their budgets do not mix.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CallResult, SignedClient } from '../helpers/signed-client.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

const LIMIT = 5;

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ rateLimit: LIMIT });
});
afterAll(() => t?.close());
afterEach(() => vi.useRealTimers());

const listRooms = (client: SignedClient) => client.get('/v1/rooms?user_id=rate-user');

function expectRateLimited(res: CallResult): void {
  expect(res.status, JSON.stringify(res.body)).toBe(429);
  expect(res.body).toEqual({
    error: expect.objectContaining({
      code: 'rate_limited',
      message: expect.any(String),
      request_id: expect.any(String),
    }),
  });
  expect(res.body.error.request_id).toBe(res.headers.get('x-request-id'));
  const retryAfter = res.headers.get('retry-after');
  expect(retryAfter).toMatch(/^\d+$/);
  expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
  expect(Number(retryAfter)).toBeLessThanOrEqual(60);
}

describe('per-project rate limit', () => {
  it(`lets ${LIMIT} signed requests through, then answers 429 rate_limited with Retry-After`, async () => {
    const { client } = await t.newProject('limited');
    for (let i = 1; i <= LIMIT; i++) {
      const res = await listRooms(client);
      expect(res.status, `request ${i}: ${JSON.stringify(res.body)}`).toBe(200);
    }
    const sixth = await listRooms(client);
    expectRateLimited(sixth);
    // Writes are limited too, and nothing is done.
    const write = await client.post('/v1/rooms', { type: 'group', participants: ['rl-a', 'rl-b'] });
    expectRateLimited(write);
  });

  it('limits each project on its own: another project is not affected', async () => {
    const a = await t.newProject('a');
    const b = await t.newProject('b');
    for (let i = 0; i < LIMIT; i++) expect((await listRooms(a.client)).status).toBe(200);
    expectRateLimited(await listRooms(a.client));

    for (let i = 1; i <= LIMIT; i++) {
      const res = await listRooms(b.client);
      expect(res.status, `project b, request ${i}`).toBe(200);
    }
    expectRateLimited(await listRooms(b.client));
    // And a is still limited.
    expectRateLimited(await listRooms(a.client));
  });

  it('answers unsigned or badly signed requests 401, not 429, even for a limited project', async () => {
    const { client } = await t.newProject('limited-then-unsigned');
    for (let i = 0; i < LIMIT; i++) expect((await listRooms(client)).status).toBe(200);
    expectRateLimited(await listRooms(client));

    const unsigned = await client.get('/v1/rooms?user_id=rate-user', { omit: ['x-oichat-signature'] });
    expect(unsigned.status).toBe(401);
    expect(unsigned.body.error.code).toBe('missing_credentials');

    const forged = await client.get('/v1/rooms?user_id=rate-user', { signature: 'v1=' + '0'.repeat(64) });
    expect(forged.status).toBe(401);
    expect(forged.body.error.code).toBe('invalid_signature');
  });

  it('does not let requests that fail authentication use up a project’s budget', async () => {
    // The project id and api key are not secret: a stranger must not be able to lock a backend out.
    const { client } = await t.newProject('attacked');
    for (let i = 0; i < LIMIT * 3; i++) {
      const res = await client.get('/v1/rooms?user_id=rate-user', { signature: 'v1=' + 'f'.repeat(64) });
      expect(res.status).toBe(401);
    }
    for (let i = 1; i <= LIMIT; i++) {
      const res = await listRooms(client);
      expect(res.status, `signed request ${i} after the forged ones`).toBe(200);
    }
    expectRateLimited(await listRooms(client));
  });

  it('lets requests through again once the Retry-After seconds have passed, and not a second before', async () => {
    // The limiter's window runs on the system clock (it is @fastify/rate-limit's): frozen here and
    // moved by hand, so the test waits no minute. Requests are signed on the same frozen clock.
    const { client } = await t.newProject('waits');
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = Date.now();
    for (let i = 0; i < LIMIT; i++) expect((await listRooms(client)).status).toBe(200);
    const limited = await listRooms(client);
    expectRateLimited(limited);
    // The whole minute's window is ahead: nothing of it passed on the frozen clock.
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBe(60);

    vi.setSystemTime(start + (retryAfter - 1) * 1000);
    expectRateLimited(await listRooms(client));
    vi.setSystemTime(start + retryAfter * 1000);
    for (let i = 1; i <= LIMIT; i++) expect((await listRooms(client)).status, `request ${i} after the wait`).toBe(200);
    expectRateLimited(await listRooms(client));
  });

  it('does not limit the unsigned public endpoints', async () => {
    for (let i = 0; i < LIMIT * 2; i++) {
      const res = await fetch(`${t.url}/healthz`);
      expect(res.status).toBe(200);
      await res.text();
    }
    const jwks = await fetch(`${t.url}/v1/projects/${t.credentials.project_id}/.well-known/jwks.json`);
    expect(jwks.status).toBe(200);
  });
});
