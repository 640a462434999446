/**
 * The webhook promises of docs/webhooks.md at their built-in defaults, on a clock the test moves:
 * 13 attempts over about 52 hours (5 s, 30 s, 2 min, … 12 h) with ±20 % jitter, 10 s for an
 * answer, an endpoint failing for 5 days disabled, and the old secret signing for 24 hours after
 * a rotation, then no more.
 */
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SecretBox } from '../../src/crypto/secret-box.js';
import { createServices, type Services } from '../../src/services/index.js';
import type { DispatcherOptions } from '../../src/services/webhook-dispatcher.js';
import type { Store } from '../../src/store/store.js';
import { ManualClock } from '../helpers/clock.js';
import { openTestStore } from '../helpers/test-database.js';
import { startReceiver, type Receiver } from '../helpers/webhook-receiver.js';

const SECOND = 1000;
const HOUR = 3600 * SECOND;
/** The documented schedule: the delay before each of the 12 retries. */
const DOCUMENTED_RETRIES = [
  5 * SECOND,
  30 * SECOND,
  2 * 60 * SECOND,
  10 * 60 * SECOND,
  30 * 60 * SECOND,
  1 * HOUR,
  2 * HOUR,
  4 * HOUR,
  8 * HOUR,
  12 * HOUR,
  12 * HOUR,
  12 * HOUR,
];

const box = new SecretBox(randomBytes(32));
let store: Store;
let services: Services;
let clock: ManualClock;
let receiver: Receiver;
let errors: unknown[];
const ctx = { projectId: '' };

/** Services with every webhook default but the one a loopback receiver needs. */
async function setUp(respond: Receiver['respond'], overrides: Partial<DispatcherOptions> = {}): Promise<void> {
  errors = [];
  // A minute ahead of the system time the server stamps new events with, so they are due at once.
  clock = new ManualClock(Date.now() + 60 * SECOND);
  store = await openTestStore();
  services = createServices(store, box, {
    issuerFor: () => 'http://test',
    webhooks: { allowPrivate: true, ...overrides },
    clock,
    onError: (err) => errors.push(err),
  });
  ctx.projectId = (await services.projects.create('p')).project_id;
  receiver = await startReceiver({ respond });
  services.dispatcher.start();
}

afterEach(async () => {
  vi.restoreAllMocks();
  await services.dispatcher.stop();
  await receiver.close();
  await store.close();
  expect(errors).toEqual([]);
});

/** The delivery of the endpoint's only event, once it has had `attempts` attempts. */
async function deliveryAfter(endpointId: string, attempts: number) {
  let eventId: string | undefined;
  await expect
    .poll(async () => {
      eventId ??= (await services.webhooks.attempts(ctx, endpointId, { limit: 1 })).data[0]?.event_id;
      return eventId && (await store.webhooks.findDelivery(endpointId, eventId))?.attempts;
    })
    .toBe(attempts);
  return (await store.webhooks.findDelivery(endpointId, eventId!))!;
}

describe('webhook defaults', () => {
  it('retries 12 times on the documented schedule with ±20 % jitter, 13 attempts over about 52 h, then fails', async () => {
    await setUp(() => 503);
    const { endpoint } = await services.webhooks.create(ctx, { url: receiver.url });
    // The jitter's extremes, in turn: exactly 80 % and (nearly) 120 % of each delay.
    let random = 0;
    vi.spyOn(Math, 'random').mockImplementation(() => random);
    await services.rooms.create(ctx, { type: 'group', participants: ['a', 'b'] });

    let waited = 0;
    for (const [i, nominal] of DOCUMENTED_RETRIES.entries()) {
      const delivery = await deliveryAfter(endpoint.endpoint_id, i + 1);
      expect(delivery.status).toBe('pending');
      const delay = Date.parse(delivery.next_attempt_at) - clock.now();
      expect(delay, `retry ${i + 1}`).toBe(Math.round(nominal * (0.8 + 0.4 * random)));
      waited += nominal;
      random = random === 0 ? 0.999_999 : 0;
      clock.advanceTo(delivery.next_attempt_at);
      services.dispatcher.wake();
    }
    const last = await deliveryAfter(endpoint.endpoint_id, 13);
    expect(last).toMatchObject({ status: 'failed', last_error: 'HTTP 503' });
    expect(waited / HOUR).toBeCloseTo(51.7, 1);
    const attempts = (await services.webhooks.attempts(ctx, endpoint.endpoint_id, { limit: 100 })).data;
    expect(attempts).toHaveLength(13);
  });

  it('waits 10 s for an answer, not a millisecond less, then records the attempt as timed out', async () => {
    // Never answers within the test.
    await setUp(() => ({ status: 200, delayMs: 3_600_000 }));
    const { endpoint } = await services.webhooks.create(ctx, { url: receiver.url });
    await services.rooms.create(ctx, { type: 'group', participants: ['a', 'b'] });
    await expect.poll(() => receiver.requests).toBe(1);
    await expect.poll(() => clock.pending()).toContain(10 * SECOND);

    expect(clock.advance(10 * SECOND - 1)).toBe(0);
    clock.advance(1);
    const delivery = await deliveryAfter(endpoint.endpoint_id, 1);
    expect(delivery).toMatchObject({ status: 'pending', last_error: 'timed out after 10 s' });
  });

  it('disables an endpoint once every delivery to it failed for 5 days, not before', async () => {
    // No retries: each delivery is attempted once, so the test counts exactly the failures it makes.
    await setUp(() => 503, { retryScheduleMs: [] });
    const { endpoint } = await services.webhooks.create(ctx, { url: receiver.url });
    // Rooms of their own, so no delivery waits behind another's retries.
    const failAnother = async (n: number) => {
      await services.rooms.create(ctx, { type: 'group', participants: [`a${n}`, `b${n}`] });
      await expect.poll(() => receiver.requests).toBe(n);
      await expect
        .poll(async () => (await services.webhooks.attempts(ctx, endpoint.endpoint_id, { limit: 100 })).data.length)
        .toBe(n);
    };
    await failAnother(1);
    const failingSince = (await services.webhooks.get(ctx, endpoint.endpoint_id)).failing_since!;
    expect(Date.parse(failingSince)).toBe(clock.now());

    clock.advance(5 * 24 * HOUR - 1);
    await failAnother(2);
    expect(await services.webhooks.get(ctx, endpoint.endpoint_id)).toMatchObject({
      enabled: true,
      failing_since: failingSince,
    });

    clock.advance(1);
    await failAnother(3);
    const disabled = await services.webhooks.get(ctx, endpoint.endpoint_id);
    expect(disabled.enabled).toBe(false);
    expect(disabled.disabled_reason).toMatch(`every delivery failed since ${failingSince}`);
  });

  it('signs with the old secret too for 24 h after a rotation, and with the new one only after', async () => {
    await setUp(() => 200);
    const { endpoint, secret: old } = await services.webhooks.create(ctx, { url: receiver.url });
    const rotated = await services.webhooks.rotateSecret(ctx, endpoint.endpoint_id);
    expect(Date.parse(rotated.previous_secret_expires_at)).toBe(clock.now() + 24 * HOUR);

    const signedWith = async (n: number) => {
      await services.rooms.create(ctx, { type: 'group', participants: [`a${n}`, `b${n}`] });
      const [got] = (await receiver.waitFor((all) => all.length === n)).slice(-1);
      const headers = got!.headers as Record<string, string>;
      // Verified by the timestamp the dispatcher signed with (the test's clock, not the system's).
      const at = new Date(Number(headers['webhook-timestamp']) * 1000);
      const verifies = (secret: string) => {
        const wh = new Webhook(secret);
        try {
          vi.useFakeTimers({ toFake: ['Date'], now: at });
          wh.verify(got!.body, headers);
          return true;
        } catch {
          return false;
        } finally {
          vi.useRealTimers();
        }
      };
      return {
        signatures: headers['webhook-signature']!.split(' ').length,
        old: verifies(old),
        new: verifies(rotated.secret),
      };
    };

    clock.advance(24 * HOUR - 1);
    expect(await signedWith(1)).toEqual({ signatures: 2, old: true, new: true });
    clock.advance(1);
    expect(await signedWith(2)).toEqual({ signatures: 1, old: false, new: true });
  });
});
