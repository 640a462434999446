import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SecretBox } from '../../src/crypto/secret-box.js';
import { createServices, type Services } from '../../src/services/index.js';
import type { DispatcherOptions } from '../../src/services/webhook-dispatcher.js';
import { openTestStore } from '../helpers/test-database.js';
import type { Store } from '../../src/store/store.js';
import { startReceiver, type Receiver } from '../helpers/webhook-receiver.js';

const box = new SecretBox(randomBytes(32));
let store: Store;
let services: Services;
let receiver: Receiver | undefined;
let errors: unknown[] = [];
const ctx = { projectId: '' };

async function setUp(options: Partial<DispatcherOptions>): Promise<void> {
  store = await openTestStore();
  services = createServices(store, box, {
    issuerFor: () => 'http://test',
    webhooks: { allowPrivate: true, pollMs: 20, ...options },
    onError: (err) => errors.push(err),
  });
  ctx.projectId = (await services.projects.create('p')).project_id;
  services.dispatcher.start();
}

beforeEach(() => {
  receiver = undefined;
  errors = [];
});
afterEach(async () => {
  await services.dispatcher.stop();
  await receiver?.close();
  await store.close();
  expect(errors).toEqual([]);
});

async function attemptsOf(endpointId: string, atLeast: number) {
  const until = Date.now() + 10_000;
  for (;;) {
    const page = await services.webhooks.attempts(ctx, endpointId, { limit: 100 });
    if (page.data.length >= atLeast || Date.now() > until) return page.data;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('WebhookDispatcher', () => {
  it('gives up an attempt after the timeout and records why', async () => {
    await setUp({ timeoutMs: 150, retryScheduleMs: [] });
    // An endpoint that never answers: only the timeout can end the attempt.
    receiver = await startReceiver({ respond: () => ({ status: 200, release: new Promise(() => {}) }) });
    const { endpoint } = await services.webhooks.create(ctx, { url: receiver.url });
    await services.rooms.create(ctx, { type: 'group', participants: ['a', 'b'] });
    const [attempt] = await attemptsOf(endpoint.endpoint_id, 1);
    expect(attempt).toMatchObject({ status_code: null, error: 'timed out after 0.15 s', delivery_status: 'failed' });
    expect(attempt!.latency_ms).toBeGreaterThanOrEqual(140);
  });

  it('disables an endpoint that keeps failing past the limit, saying why, and resumes when re-enabled', async () => {
    await setUp({ disableAfterMs: 0, retryScheduleMs: [20, 20, 20] });
    receiver = await startReceiver({ respond: () => 503 });
    const { endpoint } = await services.webhooks.create(ctx, { url: receiver.url });
    await services.rooms.create(ctx, { type: 'group', participants: ['a', 'b'] });
    await attemptsOf(endpoint.endpoint_id, 1);
    await expect.poll(async () => (await services.webhooks.get(ctx, endpoint.endpoint_id)).enabled).toBe(false);
    const disabled = await services.webhooks.get(ctx, endpoint.endpoint_id);
    expect(disabled.disabled_reason).toMatch(/every delivery failed since .*; last error: HTTP 503/);
    // Disabled: no further attempts although retries remain. The dispatcher sends only what the
    // store finds due, and it finds nothing for this endpoint, however late it looks.
    expect(
      await store.webhooks.due(new Date(Date.now() + 3600_000).toISOString(), [
        { endpointId: endpoint.endpoint_id, limit: 10 },
      ]),
    ).toEqual([]);
    expect(await attemptsOf(endpoint.endpoint_id, 1)).toHaveLength(1);

    receiver.respond = () => 200;
    await services.webhooks.update(ctx, endpoint.endpoint_id, { enabled: true });
    await receiver.waitFor((all) => all.length >= 1);
    expect((await services.webhooks.get(ctx, endpoint.endpoint_id)).disabled_reason).toBeNull();
  });

  it('stop() waits for a look for work under way, and sends nothing once it has resolved', async () => {
    await setUp({});
    receiver = await startReceiver();
    const { endpoint } = await services.webhooks.create(ctx, { url: receiver.url });
    // Hold the dispatcher's next look for due deliveries until stop() has been called.
    const due = store.webhooks.due.bind(store.webhooks);
    let entered!: () => void;
    let release!: () => void;
    const looking = new Promise<void>((r) => (entered = r));
    const gate = new Promise<void>((r) => (release = r));
    store.webhooks.due = async (...args) => {
      entered();
      await gate;
      return due(...args);
    };
    await services.rooms.create(ctx, { type: 'group', participants: ['a', 'b'] });
    await looking;

    let stopped = false;
    const stopping = services.dispatcher.stop().then(() => (stopped = true));
    // The look for work is still held: stop() cannot have finished, however long it is given.
    await new Promise((r) => setImmediate(r));
    expect(stopped).toBe(false);
    release();
    await stopping;
    // stop() waits for every delivery it launched, so one launched would have reached the
    // receiver by now; none did, and the delivery was not even taken (held) by a sender.
    expect(receiver.requests).toBe(0);
    const [delivery] = await store.webhooks.due(new Date(Date.now() + 60_000).toISOString(), [
      { endpointId: endpoint.endpoint_id, limit: 10 },
    ]);
    expect(delivery).toMatchObject({ attempts: 0, locked_until: null });
  });

  it('does not follow redirects', async () => {
    await setUp({ retryScheduleMs: [] });
    receiver = await startReceiver({ respond: () => 302 });
    const { endpoint } = await services.webhooks.create(ctx, { url: receiver.url });
    await services.rooms.create(ctx, { type: 'group', participants: ['a', 'b'] });
    const [attempt] = await attemptsOf(endpoint.endpoint_id, 1);
    expect(attempt).toMatchObject({ status_code: 302, error: 'redirect 302 not followed' });
  });

  it('refuses at delivery time a host name that resolves to a private address when those are not allowed', async () => {
    await setUp({ allowPrivate: false, retryScheduleMs: [] });
    // Saved while allowed (as if the DNS record changed after saving).
    const { endpoint } = await createServices(store, box, {
      issuerFor: () => '',
      webhooks: { allowPrivate: true },
    }).webhooks.create(ctx, { url: 'http://localhost:9/hooks' });
    await services.rooms.create(ctx, { type: 'group', participants: ['a', 'b'] });
    const [attempt] = await attemptsOf(endpoint.endpoint_id, 1);
    expect(attempt!.status_code).toBeNull();
    expect(attempt!.error).toMatch(/resolves to the internal address .*refusing to deliver/);
  });

  it('records no event and no delivery for a change that rolled back', async () => {
    await setUp({});
    receiver = await startReceiver();
    await services.webhooks.create(ctx, { url: receiver.url, event_types: ['message.created'] });
    const { room } = await services.rooms.create(ctx, { type: 'group', participants: ['a', 'b'] });
    const send = (content: string) => services.messages.send(ctx, { room_id: room.room_id, sender_id: 'a', content });
    await expect(
      store.transaction(async () => {
        await send('rolled back');
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    // A marker in the same room: delivered in order, after anything of the room recorded before it.
    await send('marker');
    const got = await receiver.waitFor((all) => all.length >= 1);
    expect(got.map((r) => r.json.data.message.content)).toEqual(['marker']);
  });

  /** How often the dispatcher asks the store for due deliveries over `ms`. */
  async function dueCallsOver(ms: number): Promise<number> {
    const due = store.webhooks.due;
    let calls = 0;
    store.webhooks.due = function (this: unknown, ...args: Parameters<typeof due>) {
      calls++;
      return due.apply(store.webhooks, args);
    };
    try {
      await new Promise((r) => setTimeout(r, ms));
    } finally {
      store.webhooks.due = due;
    }
    return calls;
  }

  // pollMs is 100, so about 10 looks in a second; a busy loop made hundreds.
  const POLL_RATE_LIMIT = 25;

  it('does not spin while the only past-due deliveries belong to a disabled endpoint', async () => {
    await setUp({ pollMs: 100, disableAfterMs: 0, retryScheduleMs: [20, 20, 20] });
    receiver = await startReceiver({ respond: () => 503 });
    const { endpoint } = await services.webhooks.create(ctx, { url: receiver.url });
    await services.rooms.create(ctx, { type: 'group', participants: ['a', 'b'] });
    await attemptsOf(endpoint.endpoint_id, 1);
    await expect.poll(async () => (await services.webhooks.get(ctx, endpoint.endpoint_id)).enabled).toBe(false);
    expect(await dueCallsOver(1000)).toBeLessThan(POLL_RATE_LIMIT);
  });

  it("does not spin while a room's next delivery waits behind a failed one whose retry is far off", async () => {
    await setUp({ pollMs: 100, retryScheduleMs: [60_000] });
    receiver = await startReceiver({ respond: () => 503 });
    const { endpoint } = await services.webhooks.create(ctx, { url: receiver.url });
    const { room } = await services.rooms.create(ctx, { type: 'group', participants: ['a', 'b'] });
    await attemptsOf(endpoint.endpoint_id, 1);
    await services.messages.send(ctx, { room_id: room.room_id, sender_id: 'a', content: 'waits its turn' });
    expect(await dueCallsOver(1000)).toBeLessThan(POLL_RATE_LIMIT);
    expect(await attemptsOf(endpoint.endpoint_id, 1)).toHaveLength(1);
  });

  it('does not spin while a delivery is in flight, and still sends new work at once when woken', async () => {
    // The next poll is a minute away: whatever goes out within the test went out because it was woken.
    await setUp({ pollMs: 60_000, timeoutMs: 30_000 });
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    receiver = await startReceiver({ respond: (_, i) => (i === 0 ? { status: 200, release: held } : 200) });
    await services.webhooks.create(ctx, { url: receiver.url, event_types: ['room.created'] });
    await services.rooms.create(ctx, { type: 'group', participants: ['a', 'b'] });
    await receiver.waitFor((all) => all.length === 1);
    expect(await dueCallsOver(1000)).toBeLessThan(POLL_RATE_LIMIT);
    // Another room is independent of the one in flight: its event goes out while that one waits.
    await services.rooms.create(ctx, { type: 'group', participants: ['c', 'd'] });
    await receiver.waitFor((all) => all.length === 2);
    release();
  });

  it('sleeps past the poll interval only as long as nothing can come due, and wakes at once for new work', async () => {
    await setUp({ pollMs: 10_000, disableAfterMs: 0, retryScheduleMs: [20, 20, 20] });
    receiver = await startReceiver({ respond: () => 503 });
    const { endpoint } = await services.webhooks.create(ctx, { url: receiver.url });
    await services.rooms.create(ctx, { type: 'group', participants: ['a', 'b'] });
    await expect.poll(async () => (await services.webhooks.get(ctx, endpoint.endpoint_id)).enabled).toBe(false);
    // Asleep now, for as long as nothing can come due: the poll interval (10 s, longer than the
    // receiver below waits) does not bring the delivery; enabling the endpoint wakes it.
    await new Promise((r) => setTimeout(r, 200));
    receiver.respond = () => 200;
    await services.webhooks.update(ctx, endpoint.endpoint_id, { enabled: true });
    await receiver.waitFor((all) => all.length === 1, 5_000);
  });

  // On two node processes at once: test/cluster/nodes.test.ts.
  it('honours a re-send asked for while the event is in flight exactly once, after that attempt', async () => {
    await setUp({ timeoutMs: 5000 });
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let answeredAt = 0;
    receiver = await startReceiver({
      respond: (_, i) => (i === 0 ? { status: 200, release: held.then(() => (answeredAt = Date.now())) } : 200),
    });
    const { endpoint } = await services.webhooks.create(ctx, {
      url: receiver.url,
      event_types: ['room.created', 'message.created'],
    });
    const { room } = await services.rooms.create(ctx, { type: 'group', participants: ['a', 'b'] });
    const [first] = await receiver.waitFor((all) => all.length === 1);
    const eventId = first!.json.id;
    // Re-sent while the first attempt is still waiting for its answer.
    await services.webhooks.resend(ctx, endpoint.endpoint_id, eventId);
    release();

    const [, again] = await receiver.waitFor((all) => all.length >= 2);
    expect(again!.json.id).toBe(eventId);
    // Not at the same time as the attempt in flight: after its answer.
    expect(again!.at).toBeGreaterThanOrEqual(answeredAt);
    // A marker in the same room goes out only once the room's earlier delivery is done: no third copy before it.
    await services.messages.send(ctx, { room_id: room.room_id, sender_id: 'a', content: 'marker' });
    const got = await receiver.waitFor((all) => all.length >= 3);
    expect(got.map((x) => x.json.type)).toEqual(['room.created', 'room.created', 'message.created']);
    const attempts = await attemptsOf(endpoint.endpoint_id, 3);
    expect(attempts.filter((a) => a.event_id === eventId).map((a) => [a.status_code, a.delivery_status])).toEqual([
      [200, 'delivered'],
      [200, 'delivered'],
    ]);
  });
});
