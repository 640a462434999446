import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { freePort, startReceiver, type Receiver } from '../helpers/webhook-receiver.js';

let t: TestServer;
const receivers: Receiver[] = [];
beforeAll(async () => {
  t = await startTestServer({
    webhooksAllowPrivate: true,
    env: { OICHAT_WEBHOOK_RETRY_SCHEDULE: '0.05,0.05,0.1,0.1,0.2' },
  });
});
afterAll(() => t.close());
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

const receiver = async (opts?: Parameters<typeof startReceiver>[0]) => {
  const r = await startReceiver(opts);
  receivers.push(r);
  return r;
};

const newEndpoint = async (url: string, extra: Record<string, unknown> = {}) => {
  const res = await t.client.post('/v1/webhooks', { url, ...extra });
  expect(res.status).toBe(201);
  return res.body as { endpoint_id: string; secret: string };
};

describe('webhook endpoints', () => {
  it('creates, lists, gets, updates and deletes an endpoint; the secret is shown only on creation', async () => {
    const created = await newEndpoint('https://example.com/hooks', {
      description: 'bot',
      event_types: ['message.created'],
    });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
    expect(created).toMatchObject({
      url: 'https://example.com/hooks',
      description: 'bot',
      event_types: ['message.created'],
      enabled: true,
    });
    const listed = await t.client.get('/v1/webhooks');
    expect(listed.body.data.map((e: any) => e.endpoint_id)).toContain(created.endpoint_id);
    expect(JSON.stringify(listed.body)).not.toContain(created.secret);
    const got = await t.client.get(`/v1/webhooks/${created.endpoint_id}`);
    expect(got.body).not.toHaveProperty('secret');
    const updated = await t.client.patch(`/v1/webhooks/${created.endpoint_id}`, { enabled: false, event_types: null });
    expect(updated.body).toMatchObject({ enabled: false, event_types: null });
    expect((await t.client.delete(`/v1/webhooks/${created.endpoint_id}`)).status).toBe(204);
    const gone = await t.client.get(`/v1/webhooks/${created.endpoint_id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe('webhook_endpoint_not_found');
  });

  it.each([
    ['ftp://example.com/x', 'protocol'],
    ['not a url', 'format'],
    ['https://user:pw@example.com/x', 'credentials'],
  ])('400 for url %s (%s)', async (url, rule) => {
    const res = await t.client.post('/v1/webhooks', { url });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toContainEqual(expect.objectContaining({ field: 'url', rule }));
  });

  it('400 for an unknown event type', async () => {
    const res = await t.client.post('/v1/webhooks', { url: 'https://example.com', event_types: ['message.exploded'] });
    expect(res.body.error.details[0]).toMatchObject({ field: 'event_types.0', rule: 'enum' });
  });

  it('400 naming event_types for a body that says events, on create and update; nothing is saved', async () => {
    const before = (await t.client.get('/v1/webhooks')).body.data.length;
    const created = await t.client.post('/v1/webhooks', { url: 'https://example.com/x', events: ['message.created'] });
    expect(created.status).toBe(400);
    expect(created.body.error.details).toEqual([
      { field: 'events', rule: 'additionalProperties', message: 'is not a known field; the field is event_types' },
    ]);
    expect(created.body.error.message).toContain('event_types');
    expect((await t.client.get('/v1/webhooks')).body.data).toHaveLength(before);

    const endpoint = await newEndpoint('https://example.com/y', { event_types: ['room.created'] });
    const updated = await t.client.patch(`/v1/webhooks/${endpoint.endpoint_id}`, { events: null });
    expect(updated.status).toBe(400);
    expect(updated.body.error.details[0]).toMatchObject({
      field: 'events',
      message: expect.stringContaining('event_types'),
    });
    expect((await t.client.get(`/v1/webhooks/${endpoint.endpoint_id}`)).body.event_types).toEqual(['room.created']);
  });

  it("hides one project's endpoints from another", async () => {
    const mine = await newEndpoint('https://example.com/mine');
    const other = await t.newProject('other');
    expect((await other.client.get(`/v1/webhooks/${mine.endpoint_id}`)).status).toBe(404);
    expect((await other.client.get('/v1/webhooks')).body.data).toEqual([]);
    expect((await other.client.delete(`/v1/webhooks/${mine.endpoint_id}`)).status).toBe(404);
  });
});

describe('loopback endpoints without --webhooks-allow-private', () => {
  it('are refused with a message that says how to allow them', async () => {
    const strict = await startTestServer();
    try {
      for (const url of [
        'http://127.0.0.1:9/x',
        'http://localhost/x',
        'http://[::1]/x',
        'http://10.1.2.3/x',
        'http://169.254.169.254/latest',
      ]) {
        const res = await strict.client.post('/v1/webhooks', { url });
        expect(res.status, url).toBe(400);
        expect(res.body.error.details[0]).toMatchObject({ field: 'url', rule: 'publicAddress' });
        expect(res.body.error.message).toContain('--webhooks-allow-private');
      }
    } finally {
      await strict.close();
    }
  });
});

describe('delivery', () => {
  it('delivers every event type with the full object, signed so the standardwebhooks package verifies it', async () => {
    const r = await receiver();
    const { secret } = await newEndpoint(r.url);
    const room = (await t.client.post('/v1/rooms', { type: 'group', participants: ['a', 'b'], name: 'Support' })).body;
    const message = (await t.client.post('/v1/messages', { room_id: room.room_id, sender_id: 'a', content: 'hello' }))
      .body;
    await t.client.patch(`/v1/rooms/${room.room_id}`, { status: 'resolved' });
    await t.client.post(`/v1/rooms/${room.room_id}/participants`, { user_id: 'c' });
    await t.client.delete(`/v1/rooms/${room.room_id}/participants/c`);
    await t.client.delete(`/v1/rooms/${room.room_id}`);
    const got = await r.waitFor((all) => all.length >= 6);
    expect(got.map((x) => x.json.type)).toEqual([
      'room.created',
      'message.created',
      'room.updated',
      'participant.added',
      'participant.removed',
      'room.deleted',
    ]);
    const verifier = new Webhook(secret);
    for (const x of got) {
      const verified = verifier.verify(x.body, {
        'webhook-id': x.headers['webhook-id'] as string,
        'webhook-timestamp': x.headers['webhook-timestamp'] as string,
        'webhook-signature': x.headers['webhook-signature'] as string,
      }) as { id: string };
      expect(verified.id).toBe(x.headers['webhook-id']);
      expect(x.json.id).toMatch(/^evt_/);
      expect(x.json.project_id).toBe(t.credentials.project_id);
      expect(x.headers['content-type']).toBe('application/json');
    }
    expect(got[0]!.json.data.room).toMatchObject({ room_id: room.room_id, name: 'Support', participants: ['a', 'b'] });
    expect(got[1]!.json.data.message).toEqual(message);
    expect(got[2]!.json.data.room.status).toBe('resolved');
    expect(got[3]!.json.data).toMatchObject({ room_id: room.room_id, user_id: 'c' });
    // Membership events carry the change and the room without its participant list (docs/webhooks.md).
    expect(got[3]!.json.data.room).toMatchObject({ room_id: room.room_id, participant_count: 3 });
    expect(got[4]!.json.data.room).toMatchObject({ room_id: room.room_id, participant_count: 2 });
    for (const i of [2, 3, 4]) expect(got[i]!.json.data.room).not.toHaveProperty('participants');
  });

  it('sends only the event types an endpoint asked for', async () => {
    const r = await receiver();
    await newEndpoint(r.url, { event_types: ['message.created'] });
    const room = (await t.client.post('/v1/rooms', { type: 'group', participants: ['a', 'b'] })).body;
    await t.client.post('/v1/messages', { room_id: room.room_id, sender_id: 'system', content: 'x' });
    // A marker of the same room, after the room's other events: what it was not sent came before it.
    await t.client.post('/v1/messages', { room_id: room.room_id, sender_id: 'system', content: 'marker' });
    await t.client.patch(`/v1/rooms/${room.room_id}`, { name: 'renamed' });
    await t.client.post('/v1/messages', { room_id: room.room_id, sender_id: 'system', content: 'last' });
    const got = await r.waitFor((all) => all.some((x) => x.json.data.message?.content === 'last'));
    expect(got.map((x) => x.json.type)).toEqual(['message.created', 'message.created', 'message.created']);
    expect(r.requests).toBe(3);
  });

  it("delivers one room's events in order even when attempts fail at random", async () => {
    let n = 0;
    const r = await receiver({ respond: () => (++n % 3 === 0 ? 503 : 200) });
    await newEndpoint(r.url, { event_types: ['message.created'] });
    const room = (await t.client.post('/v1/rooms', { type: 'group', participants: ['a', 'b'] })).body;
    for (let i = 0; i < 20; i++)
      await t.client.post('/v1/messages', { room_id: room.room_id, sender_id: 'a', content: `m${i}` });
    const got = await r.waitFor((all) => all.length >= 20, 20_000);
    expect(got.map((x) => x.json.data.message.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('retries while the receiver is down and delivers once it is up; attempts are listed', async () => {
    const port = await freePort();
    const { endpoint_id } = await newEndpoint(`http://127.0.0.1:${port}/hooks`, { event_types: ['room.created'] });
    const room = (await t.client.post('/v1/rooms', { type: 'group', participants: ['a', 'b'] })).body;
    // Refused at least once before the receiver starts listening.
    await expect
      .poll(async () => (await t.client.get(`/v1/webhooks/${endpoint_id}/attempts`)).body.data.length)
      .toBeGreaterThan(0);
    const r = await receiver({ port });
    const got = await r.waitFor((all) => all.length >= 1);
    expect(got[0]!.json.data.room.room_id).toBe(room.room_id);
    // The receiver has the event before the server has recorded the attempt's answer.
    const listAttempts = async () => (await t.client.get(`/v1/webhooks/${endpoint_id}/attempts`)).body;
    await expect.poll(async () => (await listAttempts()).data[0]?.status_code, { timeout: 5000 }).toBe(200);
    const attempts = await listAttempts();
    expect(attempts.data[0]).toMatchObject({ status_code: 200, error: null, delivery_status: 'delivered' });
    const failures = attempts.data.slice(1);
    expect(failures.length).toBeGreaterThan(0);
    expect(failures[0]).toMatchObject({ status_code: null, error: 'ECONNREFUSED' });
    expect(failures[0].latency_ms).toBeTypeOf('number');
    // Delivered exactly once after recovery: the delivery is finished, so nothing is left to send,
    // and a marker of the same room (sent in order after it) arrives with no copy before it.
    const eventId = got[0]!.headers['webhook-id'];
    expect(eventId).toBe(got[0]!.json.id);
    expect(
      (await t.client.patch(`/v1/webhooks/${endpoint_id}`, { event_types: ['room.created', 'room.updated'] })).status,
    ).toBe(200);
    await t.client.patch(`/v1/rooms/${room.room_id}`, { name: 'marker' });
    const all = await r.waitFor((got) => got.some((x) => x.json.type === 'room.updated'));
    expect(all.map((x) => x.json.type)).toEqual(['room.created', 'room.updated']);
    // (Recorded just after the receiver answered.)
    await expect.poll(async () => (await listAttempts()).data.filter((a: any) => a.status_code === 200).length).toBe(2);
  });

  it('marks a delivery failed when retries run out, and re-sends it on request', async () => {
    const r = await receiver({ respond: () => 500 });
    const { endpoint_id } = await newEndpoint(r.url, { event_types: ['room.created'] });
    await t.client.post('/v1/rooms', { type: 'group', participants: ['a', 'b'] });
    const attemptsPage = async () => (await t.client.get(`/v1/webhooks/${endpoint_id}/attempts?limit=100`)).body;
    // 1 attempt + 5 retries of the schedule, the last one marking the delivery failed.
    await expect
      .poll(async () => (await attemptsPage()).data.map((a: any) => a.delivery_status).join(), { timeout: 10_000 })
      .toBe(Array(6).fill('failed').join());
    const page = await attemptsPage();
    expect(page.data).toHaveLength(6);
    expect(page.data.every((a: any) => a.status_code === 500 && a.delivery_status === 'failed')).toBe(true);
    expect((await t.client.get(`/v1/webhooks/${endpoint_id}`)).body.failing_since).not.toBeNull();

    r.respond = () => 200;
    const eventId = page.data[0].event_id;
    const resent = await t.client.post(`/v1/webhooks/${endpoint_id}/resend`, { event_id: eventId });
    expect(resent.status).toBe(202);
    const got = await r.waitFor((all) => all.length >= 1);
    expect(got[0]!.json.id).toBe(eventId);
    // The receiver has answered; the dispatcher records that success a moment later.
    await expect
      .poll(async () => (await t.client.get(`/v1/webhooks/${endpoint_id}`)).body.failing_since, { timeout: 5000 })
      .toBeNull();
    const missing = await t.client.post(`/v1/webhooks/${endpoint_id}/resend`, { event_id: 'evt_nope' });
    expect(missing.body.error.code).toBe('event_not_found');
  });

  it('keeps delivering after a resend made with an Idempotency-Key (as the SDK sends it)', async () => {
    const r = await receiver();
    const { endpoint_id } = await newEndpoint(r.url, { event_types: ['room.created'] });
    await t.client.post('/v1/rooms', { type: 'group', participants: ['a', 'b'] });
    const [first] = await r.waitFor((all) => all.length >= 1);
    // The resend runs inside the idempotency transaction; waking the dispatcher from there once
    // left its timers bound to a committed transaction, and nothing was delivered again.
    await t.client.post(
      `/v1/webhooks/${endpoint_id}/resend`,
      { event_id: first!.json.id },
      { idempotencyKey: 'resend-1' },
    );
    await r.waitFor((all) => all.length >= 2);
    await t.client.post(
      '/v1/rooms',
      { type: 'group', participants: ['c', 'd'] },
      { idempotencyKey: 'room-after-resend' },
    );
    const all = await r.waitFor((got) => got.length >= 3);
    expect(all.map((x) => x.json.id).slice(0, 2)).toEqual([first!.json.id, first!.json.id]);
  });

  it('pages the attempt log', async () => {
    const r = await receiver();
    const { endpoint_id } = await newEndpoint(r.url, { event_types: ['room.created'] });
    for (let i = 0; i < 5; i++) await t.client.post('/v1/rooms', { type: 'group', participants: ['a', 'b'] });
    await r.waitFor((all) => all.length >= 5);
    await expect
      .poll(async () => (await t.client.get(`/v1/webhooks/${endpoint_id}/attempts?limit=100`)).body.data.length, {
        timeout: 5000,
      })
      .toBe(5);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: any = await t.client.get(
        `/v1/webhooks/${endpoint_id}/attempts?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...res.body.data.map((a: any) => a.attempt_id));
      cursor = res.body.next_cursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(5);
  });

  it('signs with both secrets after a rotation, so receivers can switch over', async () => {
    const r = await receiver();
    const { endpoint_id, secret: oldSecret } = await newEndpoint(r.url, { event_types: ['room.created'] });
    const rotated = await t.client.post(`/v1/webhooks/${endpoint_id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(oldSecret);
    await t.client.post('/v1/rooms', { type: 'group', participants: ['a', 'b'] });
    const [x] = await r.waitFor((all) => all.length >= 1);
    expect((x!.headers['webhook-signature'] as string).split(' ')).toHaveLength(2);
    for (const secret of [oldSecret, rotated.body.secret]) {
      expect(() =>
        new Webhook(secret).verify(x!.body, {
          'webhook-id': x!.headers['webhook-id'] as string,
          'webhook-timestamp': x!.headers['webhook-timestamp'] as string,
          'webhook-signature': x!.headers['webhook-signature'] as string,
        }),
      ).not.toThrow();
    }
  });
});
