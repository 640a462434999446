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
    // The first answer comes a minute late: only the timeout lets the call go on to its retry. The
    // timeout is long enough for the retry to be answered on a loaded machine (it is no upper
    // bound on the server's speed: at 250 ms the retry itself timed out under load).
    proxy.inject({ type: 'delay-after', ms: 60_000 });
    const room = await client({ timeout: 4000, maxRetries: 1 }).rooms.create({
      type: 'group',
      participants: [me, uid()],
    });
    expect(proxy.requests).toHaveLength(2);
    expect(proxy.requests[0]!.headers['idempotency-key']).toBe(proxy.requests[1]!.headers['idempotency-key']);
    expect((await direct.rooms.list({ user_id: me })).data.map((r) => r.room_id)).toEqual([room.room_id]);
  });

  it('throws OiChatNetworkError (timedOut, cause TimeoutError) when every attempt times out', async () => {
    const { proxy } = fixture;
    // Answers that would come after 10 s: the call ends sooner only by timing out, twice.
    proxy.inject({ type: 'delay-before', ms: 10_000 }, { type: 'delay-before', ms: 10_000 });
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
    expect(proxy.requests).toHaveLength(2);
  });

  it('the timeout covers reading the body, not only the headers', async () => {
    const { proxy } = fixture;
    const room = await direct.rooms.create({ type: 'group', participants: [uid(), uid()] });
    proxy.inject({ type: 'stall-body' });
    const started = performance.now();
    // The body never ends: only the timeout ends the call.
    const error = await rejection(client({ maxRetries: 0 }).rooms.get(room.room_id, { timeout: 300 }));
    expect(error).toBeInstanceOf(OiChatNetworkError);
    expect((error as OiChatNetworkError).timedOut).toBe(true);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it("the caller's signal cancels an attempt in flight at once, without retrying", async () => {
    const { proxy } = fixture;
    // Held for longer than the test may run: only the abort can end the call.
    proxy.inject({ type: 'delay-before', ms: 600_000 });
    const controller = new AbortController();
    const pending = rejection(client({ maxRetries: 2 }).rooms.get('room_x', { signal: controller.signal }));
    await expect.poll(() => proxy.requests.length).toBe(1);
    controller.abort();
    const error = await pending;
    expect((error as Error).name).toBe('AbortError');
    expect(error).not.toBeInstanceOf(OiChatError);
    expect(proxy.requests).toHaveLength(1);
  });

  it("the caller's signal cuts a retry wait short, and its reason is what the call rejects with", async () => {
    const { proxy } = fixture;
    // A wait of 50 s asked for, longer than the test may run: only the abort can end it.
    proxy.inject({ type: 'status', status: 503, headers: { 'retry-after': '50' } });
    const controller = new AbortController();
    const reason = new Error('user navigated away');
    const pending = rejection(client().auth.createToken({ user_id: uid() }, { signal: controller.signal }));
    await expect.poll(() => proxy.requests.length).toBe(1);
    controller.abort(reason);
    expect(await pending).toBe(reason);
    expect(proxy.requests).toHaveLength(1);
  });

  it('an already-aborted signal sends nothing', async () => {
    const { proxy } = fixture;
    const error = await rejection(client().rooms.list({ user_id: uid() }, { signal: AbortSignal.abort() }));
    expect((error as Error).name).toBe('AbortError');
    expect(proxy.requests).toHaveLength(0);
  });
});
