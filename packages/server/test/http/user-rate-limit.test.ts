/**
 * The end users' own budgets on REST (docs/realtime.md, "Rate limits"): the attacks of issue 10
 * at small scale. One token posting messages as fast as it can is stopped at its message budget
 * with 429 rate_limited and Retry-After, and nothing past it is stored; the same for read marks
 * and for requests in general. The budgets are the user's: another user of the project, and the
 * project's backend (its own rate limit), keep theirs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, uniqueUser, type TestServer } from '../helpers/test-server.js';
import { userFetch } from '../helpers/user-fetch.js';

const MESSAGES = 5;
const READS = 3;
const REQUESTS = 12;
const PROJECT = 8;

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({
    rateLimit: PROJECT,
    env: {
      OICHAT_USER_MESSAGE_LIMIT: String(MESSAGES),
      OICHAT_USER_READ_LIMIT: String(READS),
      OICHAT_USER_RATE_LIMIT: String(REQUESTS),
    },
  });
});
afterAll(() => t?.close());

/** A fresh project (its own backend budget) with a room of two users and their tokens. */
async function setup() {
  const { client } = await t.newProject('limits');
  const [a, b] = [uniqueUser('a'), uniqueUser('b')];
  const roomId = (await client.post('/v1/rooms', { type: 'group', participants: [a, b] })).body.room_id as string;
  const tokenA = (await client.post('/v1/auth/token', { user_id: a })).body.token as string;
  const tokenB = (await client.post('/v1/auth/token', { user_id: b })).body.token as string;
  // Three backend requests of the project's PROJECT are spent.
  return { client, roomId, tokenA, tokenB, backendLeft: PROJECT - 3 };
}

async function call(token: string, path: string, body?: unknown) {
  const res = await userFetch(t.url, token, path, { body });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

function expectLimited(res: Awaited<ReturnType<typeof call>>, what: RegExp): void {
  expect(res.status, JSON.stringify(res.body)).toBe(429);
  expect(res.body.error).toMatchObject({ code: 'rate_limited', request_id: expect.any(String) });
  expect(res.body.error.message).toMatch(what);
  const retryAfter = Number(res.headers.get('retry-after'));
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
}

const send = (token: string, roomId: string, i: number) =>
  call(token, `/v1/me/rooms/${roomId}/messages`, { content: `flood ${i}`, metadata: { pad: 'x'.repeat(7000) } });

describe('end-user rate limits (REST)', () => {
  it('stops a message flood at the message budget: 429 with Retry-After, and nothing past it is stored', async () => {
    const { roomId, tokenA, tokenB } = await setup();
    const statuses: number[] = [];
    for (let i = 0; i < MESSAGES * 2; i++) statuses.push((await send(tokenA, roomId, i)).status);
    expect(statuses).toEqual([...Array(MESSAGES).fill(201), ...Array(MESSAGES).fill(429)]);
    expectLimited(await send(tokenA, roomId, 99), new RegExp(`${MESSAGES} messages sent per minute`));

    const history = await call(tokenB, `/v1/me/rooms/${roomId}/messages?after=0`);
    expect(history.body.data.map((m: { content: string }) => m.content)).toEqual(
      Array.from({ length: MESSAGES }, (_, i) => `flood ${i}`),
    );
    // The other member's budget is their own.
    expect((await send(tokenB, roomId, 0)).status).toBe(201);
  });

  it('limits read marks on their own budget, which sending does not use', async () => {
    const { roomId, tokenA } = await setup();
    expect((await send(tokenA, roomId, 0)).status).toBe(201);
    for (let i = 0; i < READS; i++) {
      expect((await call(tokenA, `/v1/me/rooms/${roomId}/read`, { seq: 1 })).status, `read ${i + 1}`).toBe(200);
    }
    expectLimited(await call(tokenA, `/v1/me/rooms/${roomId}/read`, { seq: 1 }), /read marks per minute/);
    expect((await send(tokenA, roomId, 1)).status).toBe(201);
  });

  it('limits every request under /v1/me, malformed ones included', async () => {
    const { tokenA } = await setup();
    const statuses: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      // Half of them invalid: a flood of bad requests is not free either.
      statuses.push((await call(tokenA, i % 2 ? '/v1/me/rooms?limit=0' : '/v1/me/unread')).status);
    }
    expect(statuses.filter((s) => s === 429)).toEqual([]);
    expectLimited(await call(tokenA, '/v1/me/unread'), new RegExp(`${REQUESTS} requests per minute`));
    // Refused requests are not answered with data, and a token that is not valid is still 401, not 429.
    expect((await call('not-a-token', '/v1/me/unread')).status).toBe(401);
  });

  it("counts nothing against the project's backend budget, and is not stopped by it", async () => {
    const { client, roomId, tokenA, backendLeft } = await setup();
    for (let i = 0; i < REQUESTS + 5; i++) await call(tokenA, '/v1/me/unread');
    expectLimited(await call(tokenA, '/v1/me/unread'), /requests per minute/);
    // The backend still has every request its own limit gives it, then not one more.
    for (let i = 0; i < backendLeft; i++) {
      expect((await client.get(`/v1/rooms/${roomId}`)).status, `backend request ${i + 1}`).toBe(200);
    }
    expect((await client.get(`/v1/rooms/${roomId}`)).status).toBe(429);
    // And a project out of backend budget does not stop its users.
    const { tokenB } = await setup().then(async (s) => {
      for (let i = 0; i < s.backendLeft; i++) await s.client.get(`/v1/rooms/${s.roomId}`);
      expect((await s.client.get(`/v1/rooms/${s.roomId}`)).status).toBe(429);
      return s;
    });
    expect((await call(tokenB, '/v1/me/unread')).status).toBe(200);
  });
});
