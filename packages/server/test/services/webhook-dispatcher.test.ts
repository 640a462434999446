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
    receiver = await startReceiver({ respond: () => ({ status: 200, delayMs: 1000 }) });
    const { endpoint } = await services.webhooks.create(ctx, { url: receiver.url });
    await services.rooms.create(ctx, { type: 'group', participants: ['a', 'b'] });
    const [attempt] = await attemptsOf(endpoint.endpoint_id, 1);
    expect(attempt).toMatchObject({ status_code: null, error: 'timed out after 0.15 s', delivery_status: 'failed' });
    expect(attempt!.latency_ms).toBeGreaterThanOrEqual(140);
    expect(attempt!.latency_ms).toBeLessThan(1000);
  });

  it('disables an endpoint that keeps failing past the limit, saying why, and resumes when re-enabled', async () => {
    await setUp({ disableAfterMs: 0, retryScheduleMs: [20, 20, 20] });
    receiver = await startReceiver({ respond: () => 503 });
    const { endpoint } = await services.webhooks.create(ctx, { url: receiver.url });
    await services.rooms.create(ctx, { type: 'group', participants: ['a', 'b'] });
    await attemptsOf(endpoint.endpoint_id, 1);
    await new Promise((r) => setTimeout(r, 100));
    const disabled = await services.webhooks.get(ctx, endpoint.endpoint_id);
    expect(disabled.enabled).toBe(false);
    expect(disabled.disabled_reason).toMatch(/every delivery failed since .*; last error: HTTP 503/);
    // Disabled: no further attempts although retries remain.
    await new Promise((r) => setTimeout(r, 200));
    expect(await attemptsOf(endpoint.endpoint_id, 1)).toHaveLength(1);

    receiver.respond = () => 200;
    await services.webhooks.update(ctx, endpoint.endpoint_id, { enabled: true });
    await receiver.waitFor((all) => all.length >= 1);
    expect((await services.webhooks.get(ctx, endpoint.endpoint_id)).disabled_reason).toBeNull();
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
    await services.webhooks.create(ctx, { url: receiver.url });
    await expect(
      store.transaction(async () => {
        await services.rooms.create(ctx, { type: 'group', participants: ['a', 'b'] });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    await new Promise((r) => setTimeout(r, 150));
    expect(receiver.received).toHaveLength(0);
  });
});
