import { createServer } from 'node:net';
import { expect, it, vi } from 'vitest';
import { OiChatApiError, OiChatNetworkError, OiChatServerError } from '../../src/index.ts';
import { expectApiError, rejection } from '../helpers/assertions.ts';
import { describeWithServer, makeClient, uid } from '../helpers/env.ts';
import { errorBody, useFaultProxy } from '../helpers/proxy-fixture.ts';

describeWithServer('retries (fault proxy in front of the real server)', () => {
  const fixture = useFaultProxy();
  const client = (options: Parameters<typeof makeClient>[0] = {}) =>
    makeClient({ baseUrl: fixture.proxy.url, ...options });
  const direct = makeClient();
  const keys = () => fixture.proxy.requests.map((r) => r.headers['idempotency-key']);
  /** Each attempt's own time limit here, told apart from the waits between attempts. */
  const ATTEMPT_TIMEOUT = 7_777;
  /**
   * The waits the SDK asks for between attempts while `run` runs, as it asks setTimeout for them
   * (the time chosen, not the time it happened to take on a busy machine).
   */
  async function waitsDuring(run: () => Promise<unknown>): Promise<number[]> {
    const waits: number[] = [];
    const original = globalThis.setTimeout;
    // Only the SDK's own timers: the runtime sets some of its own meanwhile.
    const spy = vi.spyOn(globalThis, 'setTimeout').mockImplementation(((fn: () => void, ms?: number) => {
      if (ms !== ATTEMPT_TIMEOUT && new Error().stack?.includes('/src/core/request')) waits.push(ms ?? 0);
      return original(fn, ms);
    }) as typeof setTimeout);
    try {
      await run();
    } finally {
      spy.mockRestore();
    }
    return waits;
  }

  it('retries 500s with one Idempotency-Key and applies the call once', async () => {
    const { proxy } = fixture;
    const me = uid();
    proxy.inject({ type: 'status', status: 500, body: errorBody('internal_error') }, { type: 'status', status: 500 });
    const room = await client().rooms.create({ type: 'group', participants: [me, uid()] });
    expect(proxy.requests).toHaveLength(3);
    expect(new Set(keys()).size).toBe(1);
    expect(keys()[0]).toBeDefined();
    expect((await direct.rooms.list({ user_id: me })).data.map((r) => r.room_id)).toEqual([room.room_id]);
  });

  it('gives up after maxRetries (default 2) with OiChatServerError and no effect', async () => {
    const { proxy } = fixture;
    const me = uid();
    proxy.inject(
      ...Array.from({ length: 3 }, () => ({
        type: 'status' as const,
        status: 503,
        body: errorBody('unavailable', 'db down'),
      })),
    );
    const error = await rejection(client().rooms.create({ type: 'group', participants: [me, uid()] }));
    expect(error).toBeInstanceOf(OiChatServerError);
    expect(error).toMatchObject({
      statusCode: 503,
      errorCode: 'unavailable',
      message: 'db down',
      requestId: 'req_fromProxy',
    });
    expect(proxy.requests).toHaveLength(3);
    expect((await direct.rooms.list({ user_id: me })).data).toEqual([]);
  });

  it("maxRetries: 0 disables retries; a per-call maxRetries overrides the client's", async () => {
    const { proxy } = fixture;
    proxy.inject({ type: 'status', status: 502 });
    await expect(client({ maxRetries: 0 }).rooms.get('room_x')).rejects.toBeInstanceOf(OiChatServerError);
    expect(proxy.requests).toHaveLength(1);

    proxy.reset();
    proxy.inject({ type: 'status', status: 502 }, { type: 'status', status: 502 });
    const error = await rejection(client({ maxRetries: 5 }).rooms.get('room_x', { maxRetries: 1 }));
    expect(error).toMatchObject({ statusCode: 502, errorCode: 'http_502' });
    expect(proxy.requests).toHaveLength(2);
  });

  it('retries GET, PATCH and DELETE on 5xx as well', async () => {
    const { proxy } = fixture;
    const room = await direct.rooms.create({ type: 'group', participants: [uid(), uid()] });
    proxy.inject({ type: 'status', status: 500 });
    expect((await client().rooms.get(room.room_id)).room_id).toBe(room.room_id);
    proxy.inject({ type: 'status', status: 503 });
    expect((await client().rooms.update(room.room_id, { name: 'patched' })).name).toBe('patched');
    proxy.inject({ type: 'status', status: 504 });
    await client().rooms.delete(room.room_id);
    expect(proxy.requests.map((r) => [r.method, r.fault ?? 'ok'])).toEqual([
      ['GET', 'status'],
      ['GET', 'ok'],
      ['PATCH', 'status'],
      ['PATCH', 'ok'],
      ['DELETE', 'status'],
      ['DELETE', 'ok'],
    ]);
    expect(proxy.requests.every((r) => r.headers['idempotency-key'] === undefined)).toBe(true);
  });

  it('retries 408, 429 and 409 idempotency_in_progress', async () => {
    const { proxy } = fixture;
    proxy.inject(
      { type: 'status', status: 408 },
      { type: 'status', status: 429, body: errorBody('rate_limited') },
      { type: 'status', status: 409, body: errorBody('idempotency_in_progress') },
    );
    const message = await client({ maxRetries: 3 }).auth.createToken({ user_id: uid() });
    expect(message.token).toBeTruthy();
    expect(proxy.requests).toHaveLength(4);
    expect(new Set(keys()).size).toBe(1);
  });

  it('surfaces 429 as OiChatApiError rate_limited once retries are exhausted', async () => {
    const { proxy } = fixture;
    proxy.inject(
      { type: 'status', status: 429, body: errorBody('rate_limited'), headers: { 'retry-after': '0' } },
      { type: 'status', status: 429, body: errorBody('rate_limited'), headers: { 'retry-after': '0' } },
    );
    const error = await expectApiError(client({ maxRetries: 1 }).rooms.list({ user_id: uid() }), 429, 'rate_limited');
    expect(error.requestId).toBe('req_fromProxy');
    expect(proxy.requests).toHaveLength(2);
  });

  it('honours Retry-After, and returns the error at once when it asks for more than a minute', async () => {
    const { proxy } = fixture;
    proxy.inject({ type: 'status', status: 503, headers: { 'retry-after': '1' } });
    // Exactly the server's wait, not the SDK's own backoff (5–20 ms for this client).
    expect(await waitsDuring(() => client({ timeout: ATTEMPT_TIMEOUT }).auth.createToken({ user_id: uid() }))).toEqual([
      1000,
    ]);
    expect(proxy.requests).toHaveLength(2);
    expect(proxy.gaps()[0]).toBeGreaterThanOrEqual(950);

    proxy.reset();
    proxy.inject({ type: 'status', status: 429, body: errorBody('rate_limited'), headers: { 'retry-after': '120' } });
    // No wait at all: the error comes back instead of two minutes of sleep.
    expect(
      await waitsDuring(() =>
        expectApiError(client({ timeout: ATTEMPT_TIMEOUT }).auth.createToken({ user_id: uid() }), 429, 'rate_limited'),
      ),
    ).toEqual([]);
    expect(proxy.requests).toHaveLength(1);
  });

  it('never retries other 4xx answers of the real server', async () => {
    const { proxy } = fixture;
    const c = client({ maxRetries: 2 });
    const direct2 = await direct.rooms.create({ type: 'direct', participants: [uid(), uid()] });
    const group = await direct.rooms.create({ type: 'group', participants: [uid(), uid()] });
    await expectApiError(c.rooms.create({ type: 'group', participants: [] }), 400, 'validation_failed');
    await expectApiError(c.rooms.get('room_nope'), 404, 'room_not_found');
    await expectApiError(
      c.rooms.addParticipant(direct2.room_id, { user_id: uid() }),
      409,
      'direct_room_participants_fixed',
    );
    await expectApiError(c.rooms.removeParticipant(group.room_id, uid()), 422, 'participant_not_found');
    await expectApiError(c.auth.refreshToken({ token: 'expired-jwt...' }), 401, 'invalid_token');
    expect(proxy.requests).toHaveLength(5);
  });

  it('does not retry a 409 other than idempotency_in_progress (room_full)', async () => {
    const { proxy } = fixture;
    const full = await direct.rooms.create({
      type: 'group',
      participants: Array.from({ length: 500 }, () => uid('f')),
    });
    await expectApiError(client().rooms.addParticipant(full.room_id, { user_id: uid() }), 409, 'room_full');
    expect(proxy.requests).toHaveLength(1);
  });

  it('retries a dropped connection after the server applied the call: the server replays it, one effect', async () => {
    const { proxy } = fixture;
    const me = uid();
    const room = await direct.rooms.create({ type: 'group', participants: [me, uid()] });
    proxy.inject({ type: 'drop-after' });
    const message = await client().messages.send({ room_id: room.room_id, sender_id: me, content: 'exactly once' });
    expect(proxy.requests.map((r) => r.fault)).toEqual(['drop-after', undefined]);
    expect(new Set(keys()).size).toBe(1);
    // Signed anew: the server accepts a signature once, so the retry has its own nonce and signature.
    const [first, retry] = proxy.requests;
    expect(retry!.headers['x-oichat-nonce']).not.toBe(first!.headers['x-oichat-nonce']);
    expect(retry!.headers['x-oichat-signature']).not.toBe(first!.headers['x-oichat-signature']);
    const history = await direct.messages.list(room.room_id);
    expect(history.data).toEqual([message]);
    expect(message.seq).toBe(1);
  });

  it('throws OiChatNetworkError with the cause once dropped connections exhaust the retries', async () => {
    const { proxy } = fixture;
    const me = uid();
    proxy.inject({ type: 'drop-before' }, { type: 'drop-before' }, { type: 'drop-before' });
    const error = await rejection(client().rooms.create({ type: 'group', participants: [me, uid()] }));
    expect(error).toBeInstanceOf(OiChatNetworkError);
    const network = error as OiChatNetworkError;
    expect(network.timedOut).toBe(false);
    expect(network.cause).toBeInstanceOf(Error);
    expect(network.message.startsWith(`POST ${proxy.url}/v1/rooms failed: `)).toBe(true);
    expect(network.message).toMatch(/\(3 attempts\)$/);
    expect(proxy.requests).toHaveLength(3);
    expect(new Set(keys()).size).toBe(1);
    expect((await direct.rooms.list({ user_id: me })).data).toEqual([]);
  });

  it('throws OiChatNetworkError when nothing listens (connection refused)', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address() as { port: number };
        s.close(() => resolve(port));
      });
    });
    const error = await rejection(
      makeClient({ baseUrl: `http://127.0.0.1:${port}`, maxRetries: 1 }).rooms.get('room_x'),
    );
    expect(error).toBeInstanceOf(OiChatNetworkError);
    // The URL it tried, so a forgotten baseUrl (requests sent to the hosted service) shows at once.
    expect((error as Error).message).toMatch(
      new RegExp(`^GET http://127\\.0\\.0\\.1:${port}/v1/rooms/room_x failed: `),
    );
    expect((error as Error).message).toContain('ECONNREFUSED');
    expect((error as Error).message).toContain('(2 attempts)');
  });

  it('reports a non-OiChat error body (e.g. a gateway page) with an http_<status> code and a snippet', async () => {
    const { proxy } = fixture;
    proxy.inject({ type: 'status', status: 502, body: '<html>Bad Gateway</html>' });
    const error = await rejection(client({ maxRetries: 0 }).rooms.get('room_x'));
    expect(error).toBeInstanceOf(OiChatServerError);
    expect(error).toMatchObject({ statusCode: 502, errorCode: 'http_502' });
    expect((error as Error).message).toContain('Bad Gateway');

    proxy.inject({ type: 'status', status: 302, headers: { location: 'http://127.0.0.1:1/elsewhere' } });
    const redirect = await rejection(client({ maxRetries: 0 }).rooms.get('room_x'));
    expect(redirect).toBeInstanceOf(OiChatApiError);
    expect(redirect).toMatchObject({ statusCode: 302, errorCode: 'http_302' });
  });

  it('backs off exponentially between attempts, capped', async () => {
    const { proxy } = fixture;
    const fail = { type: 'status' as const, status: 503 };
    proxy.inject(fail, fail, fail);
    const waits = await waitsDuring(() =>
      client({
        maxRetries: 3,
        timeout: ATTEMPT_TIMEOUT,
        internal: { retryBaseDelayMs: 60, retryMaxDelayMs: 10_000 },
      }).auth.createToken({ user_id: uid() }),
    );
    // base·2^n, minus at most 25 % jitter.
    expect(waits).toHaveLength(3);
    for (const [n, wait] of waits.entries()) {
      expect(wait).toBeGreaterThanOrEqual(0.75 * 60 * 2 ** n);
      expect(wait).toBeLessThanOrEqual(60 * 2 ** n);
    }
    // And they were waited: each gap between attempts is at least its wait.
    for (const [n, gap] of proxy.gaps().entries()) expect(gap).toBeGreaterThanOrEqual(waits[n]! - 1);

    proxy.reset();
    proxy.inject(fail, fail, fail);
    const capped = await waitsDuring(() =>
      client({
        maxRetries: 3,
        timeout: ATTEMPT_TIMEOUT,
        internal: { retryBaseDelayMs: 60, retryMaxDelayMs: 70 },
      }).auth.createToken({ user_id: uid() }),
    );
    // 60, then 120 and 240 capped at 70 (each minus at most 25 % jitter).
    expect(capped).toHaveLength(3);
    for (const wait of capped.slice(1)) {
      expect(wait).toBeGreaterThanOrEqual(0.75 * 70);
      expect(wait).toBeLessThanOrEqual(70);
    }
  });

  it('waits 0.375–0.5 s before the first retry with the real defaults', async () => {
    const { proxy } = fixture;
    proxy.inject({ type: 'status', status: 500 });
    const [wait, ...more] = await waitsDuring(() =>
      client({ timeout: ATTEMPT_TIMEOUT, internal: {} }).auth.createToken({ user_id: uid() }),
    );
    expect(more).toEqual([]);
    expect(wait).toBeGreaterThanOrEqual(375);
    expect(wait).toBeLessThanOrEqual(500);
    expect(proxy.gaps()[0]).toBeGreaterThanOrEqual(wait! - 1);
  });
});
