import { expect, it } from 'vitest';
import { OiChatError, OiChatNetworkError } from '../../src/index.ts';
import { rejection } from '../helpers/assertions.ts';
import { describeWithServer, makeClient, uid } from '../helpers/env.ts';
import { useFaultProxy } from '../helpers/proxy-fixture.ts';

describeWithServer('timeouts and cancellation (fault proxy)', () => {
  const fixture = useFaultProxy();
  const direct = makeClient();
  const client = (options: Parameters<typeof makeClient>[0] = {}) =>
    makeClient({ baseUrl: fixture.proxy.url, ...options });

  it('times out an attempt the server is slow to answer, retries with the same key, and applies it once', async () => {
    const { proxy } = fixture;
    const me = uid();
    proxy.inject({ type: 'delay-after', ms: 1_000 });
    const started = performance.now();
    const room = await client({ timeout: 250, maxRetries: 1 }).rooms.create({
      type: 'group',
      participants: [me, uid()],
    });
    expect(performance.now() - started).toBeLessThan(900);
    expect(proxy.requests).toHaveLength(2);
    expect(proxy.requests[0]!.headers['idempotency-key']).toBe(proxy.requests[1]!.headers['idempotency-key']);
    expect((await direct.rooms.list({ user_id: me })).data.map((r) => r.room_id)).toEqual([room.room_id]);
  });

  it('throws OiChatNetworkError (timedOut, cause TimeoutError) when every attempt times out', async () => {
    const { proxy } = fixture;
    proxy.inject({ type: 'delay-before', ms: 2_000 }, { type: 'delay-before', ms: 2_000 });
    const started = performance.now();
    const error = await rejection(client({ timeout: 200, maxRetries: 1 }).rooms.get('room_x'));
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(OiChatNetworkError);
    const network = error as OiChatNetworkError;
    expect(network.timedOut).toBe(true);
    expect((network.cause as Error).name).toBe('TimeoutError');
    expect(network.message).toBe(`GET ${proxy.url}/v1/rooms/room_x timed out after 200 ms (2 attempts)`);
    expect(network).toMatchObject({ method: 'GET', url: `${proxy.url}/v1/rooms/room_x` });
    expect(elapsed).toBeGreaterThanOrEqual(395);
    expect(elapsed).toBeLessThan(1_000);
  });

  it('the timeout covers reading the body, not only the headers', async () => {
    const { proxy } = fixture;
    const room = await direct.rooms.create({ type: 'group', participants: [uid(), uid()] });
    proxy.inject({ type: 'stall-body' });
    const started = performance.now();
    const error = await rejection(client({ maxRetries: 0 }).rooms.get(room.room_id, { timeout: 300 }));
    expect(error).toBeInstanceOf(OiChatNetworkError);
    expect((error as OiChatNetworkError).timedOut).toBe(true);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it("the caller's signal cancels an attempt in flight at once, without retrying", async () => {
    const { proxy } = fixture;
    proxy.inject({ type: 'delay-before', ms: 3_000 });
    const controller = new AbortController();
    const started = performance.now();
    setTimeout(() => controller.abort(), 100);
    const error = await rejection(client({ maxRetries: 2 }).rooms.get('room_x', { signal: controller.signal }));
    expect((error as Error).name).toBe('AbortError');
    expect(error).not.toBeInstanceOf(OiChatError);
    expect(performance.now() - started).toBeLessThan(400);
    expect(proxy.requests).toHaveLength(1);
  });

  it("the caller's signal cuts a retry wait short, and its reason is what the call rejects with", async () => {
    const { proxy } = fixture;
    proxy.inject({ type: 'status', status: 503, headers: { 'retry-after': '30' } });
    const controller = new AbortController();
    const reason = new Error('user navigated away');
    setTimeout(() => controller.abort(reason), 100);
    const started = performance.now();
    const error = await rejection(client().auth.createToken({ user_id: uid() }, { signal: controller.signal }));
    expect(error).toBe(reason);
    expect(performance.now() - started).toBeLessThan(400);
    expect(proxy.requests).toHaveLength(1);
  });

  it('an already-aborted signal sends nothing', async () => {
    const { proxy } = fixture;
    const error = await rejection(client().rooms.list({ user_id: uid() }, { signal: AbortSignal.abort() }));
    expect((error as Error).name).toBe('AbortError');
    expect(proxy.requests).toHaveLength(0);
  });
});
