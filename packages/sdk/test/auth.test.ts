/**
 * Tokens against a real server: tokenProvider on 4001 and 4002, proactive refresh before
 * `exp`, REST retries with a new token, and revocation (4003) stopping the client for good.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OiChatClient, type TokenRefreshReason } from '../src/index.js';
import { nextEvent, record, until } from './helpers/events.js';
import { startTestServer, uniqueUser, type TestServer } from './helpers/server.js';

let t: TestServer;
const clients: OiChatClient[] = [];

beforeAll(async () => {
  t = await startTestServer();
});
afterEach(() => {
  for (const c of clients.splice(0)) c.disconnect();
});
afterAll(async () => {
  await t.close();
});

function track(client: OiChatClient): OiChatClient {
  clients.push(client);
  return client;
}

/** A tokenProvider that records why it was called and hands out fresh 24 h tokens. */
function provider(userId: string) {
  const reasons: TokenRefreshReason[] = [];
  const fn = async ({ reason }: { reason: TokenRefreshReason }) => {
    reasons.push(reason);
    return t.token(userId);
  };
  return Object.assign(fn, { reasons });
}

describe('socket close codes', () => {
  it('4001: asks tokenProvider for a new token and connects with it', async () => {
    const alice = uniqueUser('alice');
    const tokens = provider(alice);
    const client = track(
      new OiChatClient({
        baseUrl: t.url,
        token: 'not-a-jwt',
        tokenProvider: tokens,
        reconnect: { baseMs: 20, capMs: 100 },
      }),
    );
    const states = record(client, 'connection.state');
    await client.connect();
    expect(tokens.reasons).toEqual(['unauthorized']);
    expect(states.map((s) => [s.state, s.code])).toEqual([
      ['connecting', undefined],
      ['reconnecting', 4001],
      ['connected', undefined],
    ]);
  });

  it('4001 without tokenProvider: disconnected with an error, connect() rejects, no retry', async () => {
    const client = track(
      new OiChatClient({ baseUrl: t.url, token: 'not-a-jwt', reconnect: { baseMs: 20, capMs: 100 } }),
    );
    const errors = record(client, 'error');
    const states = record(client, 'connection.state');
    await expect(client.connect()).rejects.toMatchObject({ code: 'unauthorized', closeCode: 4001 });
    expect(client.state).toBe('disconnected');
    expect(errors).toHaveLength(1);
    expect(states.at(-1)).toMatchObject({
      state: 'disconnected',
      code: 4001,
      error: expect.objectContaining({ code: 'unauthorized' }),
    });
    // Disconnected for good: a retry would have been scheduled (as 'reconnecting') instead.
    expect(states.map((s) => s.state)).not.toContain('reconnecting');
  });

  it('4002: the token expires while connected; tokenProvider, reconnect at once, nothing lost', async () => {
    const alice = uniqueUser('alice');
    const room = await t.room([alice, uniqueUser('bob')]);
    const tokens = provider(alice);
    const client = track(
      new OiChatClient({
        baseUrl: t.url,
        token: await t.tokenExpiringIn(alice, 2),
        tokenProvider: tokens,
        // No proactive refresh here, so that the server's 4002 is what triggers the provider.
        refreshBeforeExpiryMs: -60_000,
        reconnect: { baseMs: 20, capMs: 100 },
      }),
    );
    await client.connect();
    const got = record(client, 'message.created');
    const expired = nextEvent(client, 'connection.state', (s) => s.state === 'reconnecting', 5000);
    await t.send(room.room_id, 'before expiry');
    const closing = await expired;
    expect(closing).toMatchObject({ code: 4002, reason: 'token_expired', delayMs: 0 });
    await t.send(room.room_id, 'during the reconnect');
    await until(() => client.state === 'connected', 'reconnected');
    await t.send(room.room_id, 'after');
    await until(() => got.length === 3, 'three messages');
    expect(got.map((e) => e.message.content)).toEqual(['before expiry', 'during the reconnect', 'after']);
    expect(tokens.reasons).toEqual(['expired']);
    // REST uses the new token too (the old one is past exp).
    expect((await client.rooms.list()).data).toHaveLength(1);
    expect(tokens.reasons).toEqual(['expired']);
  });

  it('4002 without tokenProvider: disconnected with a token_expired error', async () => {
    const alice = uniqueUser('alice');
    const client = track(new OiChatClient({ baseUrl: t.url, token: await t.tokenExpiringIn(alice, 1) }));
    await client.connect();
    const error = await nextEvent(client, 'error', () => true, 4000);
    expect(error).toMatchObject({ code: 'token_expired', closeCode: 4002 });
    expect(client.state).toBe('disconnected');
  });

  it('4003: revoked while connected; stops for good, and queued sends fail with token_revoked', async () => {
    const alice = uniqueUser('alice');
    const room = await t.room([alice, uniqueUser('bob')]);
    const tokens = provider(alice);
    const client = track(
      new OiChatClient({
        baseUrl: t.url,
        token: await t.token(alice),
        tokenProvider: tokens,
        reconnect: { baseMs: 20, capMs: 100 },
      }),
    );
    await client.connect();
    const errors = record(client, 'error');
    const states = record(client, 'connection.state');
    const stopped = nextEvent(client, 'connection.state', (s) => s.state === 'disconnected');
    await t.revoke(alice);
    expect(await stopped).toMatchObject({ code: 4003, error: expect.objectContaining({ code: 'token_revoked' }) });
    expect(errors.map((e) => e.code)).toEqual(['token_revoked']);
    // Stopped for good: a retry would have been scheduled (as 'reconnecting') when the 4003 came.
    expect(client.state).toBe('disconnected');
    expect(states.map((s) => s.state)).not.toContain('reconnecting');
    expect(tokens.reasons).toEqual([]); // a revocation is not papered over with a new token
    await expect(client.messages.send(room.room_id, { content: 'after revocation' })).rejects.toMatchObject({
      status: 401,
      code: 'token_revoked',
    });
    expect(await t.history(room.room_id)).toEqual([]);
  });
});

describe('token refresh', () => {
  it('refreshes proactively before exp and uses the new token for REST and the next connection', async () => {
    const alice = uniqueUser('alice');
    const tokens = provider(alice);
    const client = track(
      new OiChatClient({
        baseUrl: t.url,
        token: await t.tokenExpiringIn(alice, 3),
        tokenProvider: tokens,
        refreshBeforeExpiryMs: 2000,
        reconnect: { baseMs: 20, capMs: 100 },
      }),
    );
    await client.connect();
    expect(tokens.reasons).toEqual([]);
    const refreshed = await nextEvent(client, 'token.refreshed', () => true, 4000);
    expect(tokens.reasons).toEqual(['expiring']);
    expect(Date.parse(refreshed.expires_at!)).toBeGreaterThan(Date.now() + 23 * 3600_000);
    // The socket still runs on the old token: the server ends it at that token's exp, and the
    // client comes back at once with the token it already has, without asking again.
    const closed = await nextEvent(client, 'connection.state', (s) => s.state === 'reconnecting', 4000);
    expect(closed).toMatchObject({ code: 4002, delayMs: 0 });
    await until(() => client.state === 'connected', 'reconnected');
    expect(await client.rooms.list()).toMatchObject({ data: [] });
    expect(tokens.reasons).toEqual(['expiring']);
  });

  it('REST: an expired token is replaced through tokenProvider and the request retried once', async () => {
    const alice = uniqueUser('alice');
    const tokens = provider(alice);
    const expired = await t.tokenExpiringIn(alice, -10);
    const client = track(
      new OiChatClient({ baseUrl: t.url, token: expired, tokenProvider: tokens, refreshBeforeExpiryMs: -3600_000 }),
    );
    expect(await client.rooms.list()).toMatchObject({ data: [] });
    expect(tokens.reasons).toEqual(['expired']);
  });

  it('REST: an invalid token is replaced through tokenProvider; without one the 401 is thrown', async () => {
    const alice = uniqueUser('alice');
    const tokens = provider(alice);
    const client = track(new OiChatClient({ baseUrl: t.url, token: 'garbage', tokenProvider: tokens }));
    expect(await client.rooms.list()).toMatchObject({ data: [] });
    expect(tokens.reasons).toEqual(['unauthorized']);

    const bare = track(new OiChatClient({ baseUrl: t.url, token: 'garbage' }));
    await expect(bare.rooms.list()).rejects.toMatchObject({
      status: 401,
      code: 'invalid_token',
      requestId: expect.any(String),
    });
  });

  it('concurrent requests failing with the same token share one tokenProvider call', async () => {
    const alice = uniqueUser('alice');
    const tokens = provider(alice);
    const client = track(new OiChatClient({ baseUrl: t.url, token: 'garbage', tokenProvider: tokens }));
    await Promise.all([client.rooms.list(), client.rooms.list(), client.rooms.unread()]);
    expect(tokens.reasons).toEqual(['unauthorized']);
  });

  it('a failing tokenProvider is reported and retried with backoff', async () => {
    const alice = uniqueUser('alice');
    let calls = 0;
    const client = track(
      new OiChatClient({
        baseUrl: t.url,
        tokenProvider: async () => {
          if (++calls < 3) throw new Error('backend down');
          return t.token(alice);
        },
        reconnect: { baseMs: 20, capMs: 100 },
      }),
    );
    const errors = record(client, 'error');
    await client.connect();
    expect(calls).toBe(3);
    expect(errors.map((e) => e.code)).toEqual(['token_provider_failed', 'token_provider_failed']);
  });
});
