import { createServer, type IncomingHttpHeaders } from 'node:http';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { OiChatWebhookVerificationError, verifyWebhook, type OiChat, type WebhookEvent } from '../../src/index.ts';
import { expectApiError } from '../helpers/assertions.ts';
import { describeWithServer, makeClient, uid } from '../helpers/env.ts';

interface Delivery {
  body: Buffer;
  headers: IncomingHttpHeaders;
}

async function receiver(): Promise<{ url: string; deliveries: Delivery[]; close(): void }> {
  const deliveries: Delivery[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      deliveries.push({ body: Buffer.concat(chunks), headers: req.headers });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/hooks`, deliveries, close: () => server.close() };
}

async function until<T>(fn: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = fn();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('webhooks.verify (no server needed)', () => {
  const secret = 'whsec_' + Buffer.from('0123456789abcdef0123456789abcdef').toString('base64');
  const body = JSON.stringify({
    id: 'evt_1',
    type: 'room.created',
    timestamp: '2026-11-25T10:00:00.000Z',
    project_id: 'p',
    data: { room: {} },
  });
  const now = new Date('2026-11-25T10:00:00Z');
  const ts = Math.floor(now.getTime() / 1000);
  // Signed by an independent implementation of the spec.
  const signature = new Webhook(secret).sign('evt_1', new Date(ts * 1000), body);
  const headers = { 'webhook-id': 'evt_1', 'webhook-timestamp': String(ts), 'webhook-signature': signature };

  it('accepts what the standardwebhooks package signs, from a string, bytes or a Fetch Headers', async () => {
    const fromString = await verifyWebhook(body, headers, secret, { now });
    expect(fromString).toMatchObject({ id: 'evt_1', type: 'room.created' });
    await expect(
      verifyWebhook(new TextEncoder().encode(body), new Headers(headers), secret, { now }),
    ).resolves.toMatchObject({ id: 'evt_1' });
    await expect(
      verifyWebhook(body, { ...headers, 'webhook-signature': `v1,AAAA ${signature}` }, secret, { now }),
    ).resolves.toBeTruthy();
  });

  it.each([
    ['a tampered body', body.replace('room.created', 'room.deleted'), headers, 'invalid_signature'],
    [
      'a wrong secret',
      body,
      headers,
      'invalid_signature',
      'whsec_' + Buffer.from('another secret, 32 bytes long!!!').toString('base64'),
    ],
    ['another id than signed', body, { ...headers, 'webhook-id': 'evt_2' }, 'invalid_signature'],
    ['a missing header', body, { 'webhook-id': 'evt_1', 'webhook-timestamp': String(ts) }, 'missing_header'],
    ['a malformed timestamp', body, { ...headers, 'webhook-timestamp': 'soon' }, 'invalid_timestamp'],
    [
      'an unknown signature version',
      body,
      { ...headers, 'webhook-signature': signature.replace('v1,', 'v2,') },
      'invalid_signature',
    ],
  ] as const)('rejects %s', async (_label, rawBody, hdrs, reason, otherSecret?: string) => {
    const err = await verifyWebhook(rawBody, hdrs, otherSecret ?? secret, { now }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OiChatWebhookVerificationError);
    expect((err as OiChatWebhookVerificationError).reason).toBe(reason);
  });

  it('rejects a replay older than 5 minutes and a timestamp 5 minutes in the future', async () => {
    const later = new Date(now.getTime() + 301_000);
    await expect(verifyWebhook(body, headers, secret, { now: later })).rejects.toMatchObject({
      reason: 'timestamp_too_old',
    });
    const earlier = new Date(now.getTime() - 301_000);
    await expect(verifyWebhook(body, headers, secret, { now: earlier })).rejects.toMatchObject({
      reason: 'timestamp_too_new',
    });
    await expect(
      verifyWebhook(body, headers, secret, { now: new Date(now.getTime() + 299_000) }),
    ).resolves.toBeTruthy();
  });

  it('names a malformed secret', async () => {
    await expect(verifyWebhook(body, headers, 'whsec_not base64!', { now })).rejects.toMatchObject({
      reason: 'malformed_secret',
    });
  });
});

describeWithServer('webhooks (real server)', () => {
  let oichat: OiChat;
  let hook: Awaited<ReturnType<typeof receiver>>;
  beforeAll(async () => {
    oichat = makeClient({ project: 1 });
    hook = await receiver();
  });
  afterAll(() => hook.close());

  it('creates an endpoint, delivers signed events that verify() types, and manages the endpoint', async () => {
    const endpoint = await oichat.webhooks.create({ url: hook.url, event_types: ['room.created', 'message.created'] });
    expect(endpoint.secret).toMatch(/^whsec_/);
    const user = uid();
    const room = await oichat.rooms.create({ type: 'group', participants: [user, uid()] });
    const message = await oichat.messages.send({ room_id: room.room_id, sender_id: user, content: 'hi' });

    const events: WebhookEvent[] = [];
    await until(() => (hook.deliveries.length >= 2 ? true : undefined));
    for (const d of hook.deliveries.splice(0))
      events.push(await oichat.webhooks.verify(d.body, d.headers, endpoint.secret));
    const [created, sent] = events;
    if (created?.type !== 'room.created' || sent?.type !== 'message.created')
      throw new Error(`unexpected ${events.map((e) => e.type)}`);
    expect(created.data.room.room_id).toBe(room.room_id);
    expect(sent.data.message).toEqual(message);

    expect((await oichat.webhooks.list()).data.map((e) => e.endpoint_id)).toContain(endpoint.endpoint_id);
    expect(await oichat.webhooks.update(endpoint.endpoint_id, { enabled: false })).toMatchObject({ enabled: false });
    // A receiver has a delivery a moment before the server has recorded the attempt.
    await vi.waitFor(async () => expect((await oichat.webhooks.attempts(endpoint.endpoint_id)).data).toHaveLength(2), {
      timeout: 5000,
    });
    const attempts = await oichat.webhooks.attempts(endpoint.endpoint_id);
    expect(attempts.data.every((a) => a.status_code === 200 && a.delivery_status === 'delivered')).toBe(true);
    await oichat.webhooks.update(endpoint.endpoint_id, { enabled: true });
    expect(await oichat.webhooks.resend(endpoint.endpoint_id, { event_id: sent.id })).toEqual({
      event_id: sent.id,
      status: 'pending',
    });
    const again = await until(() => hook.deliveries.shift());
    expect((await oichat.webhooks.verify(again.body, again.headers, endpoint.secret)).id).toBe(sent.id);

    const { secret } = await oichat.webhooks.rotateSecret(endpoint.endpoint_id);
    await oichat.rooms.create({ type: 'group', participants: [uid(), uid()] });
    const rotated = await until(() => hook.deliveries.shift());
    await expect(oichat.webhooks.verify(rotated.body, rotated.headers, secret)).resolves.toBeTruthy();
    await expect(oichat.webhooks.verify(rotated.body, rotated.headers, endpoint.secret)).resolves.toBeTruthy();

    await oichat.webhooks.delete(endpoint.endpoint_id);
    await expectApiError(oichat.webhooks.get(endpoint.endpoint_id), 404, 'webhook_endpoint_not_found');
  });

  it('refuses `events` with an error that names `event_types`, the one field name (a JS caller, untyped)', async () => {
    const untyped = { url: 'https://example.com/hooks', events: ['message.created'] } as unknown as Parameters<
      OiChat['webhooks']['create']
    >[0];
    const error = await expectApiError(oichat.webhooks.create(untyped), 400, 'validation_failed');
    expect(error.message).toContain('the field is event_types');
    expect(error.details).toEqual([expect.objectContaining({ field: 'events', rule: 'additionalProperties' })]);
    expect((await oichat.webhooks.list()).data.some((e) => e.url === 'https://example.com/hooks')).toBe(false);
  });

  it('names the field of an invalid endpoint', async () => {
    await expectApiError(oichat.webhooks.create({ url: 'ftp://example.com' }), 400, 'validation_failed');
  });
});
