/**
 * What must not leak or be forged: the webhook receiver refuses deliveries that are not OiChat's
 * (no signature, another secret, an old timestamp) and acts on none of them, while a real
 * delivery does act; the secret key and the webhook secret appear in no built client asset and
 * in nothing the app serves to a signed-in customer or agent.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_DIR } from '../scripts/stack.ts';
import { haveChromium, launchChromium, signedIn } from './helpers/browser.ts';
import { type Desk, startDesk } from './helpers/desk.ts';

/** A Standard Webhooks signature of `body` under `secret` (`whsec_` + base64). */
function sign(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

describe('the webhook receiver and the secrets', () => {
  let desk: Desk;
  let browser: Browser | undefined;
  const receiver = () => `${desk.app.url}/api/webhooks/oichat`;

  beforeAll(async () => {
    // No wait before the automatic reply: the receiver answers a customer's first message.
    [desk, browser] = await Promise.all([
      startDesk({ autoReplyAfterSeconds: 0 }),
      haveChromium ? launchChromium() : undefined,
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await desk?.close();
  });

  const deliver = (body: string, headers: Record<string, string>) =>
    fetch(receiver(), { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });

  it('refuses forged deliveries and acts on none of them; a real one is acted on', async () => {
    // An unclaimed room with a waiting customer: what a forged message.created would want to trigger.
    const room = await desk.api.rooms.create({
      type: 'group',
      name: 'Order #1250 Support',
      participants: ['customer-sam', 'support-agent'],
      metadata: { desk: 'support', order_id: '1250', customer_id: 'customer-sam' },
    });
    const now = Math.floor(Date.now() / 1000);
    const event = {
      id: 'evt_forged',
      type: 'message.created',
      timestamp: new Date().toISOString(),
      project_id: desk.config.project_id,
      data: {
        message: {
          message_id: 'msg_forged',
          room_id: room.room_id,
          seq: 1,
          sender_id: 'customer-sam',
          content: 'hello?',
          content_type: 'text',
          metadata: {},
          created_at: new Date().toISOString(),
        },
      },
    };
    const body = JSON.stringify(event);
    const otherSecret = `whsec_${randomBytes(24).toString('base64')}`;
    const attempts: [string, Record<string, string>, string][] = [
      ['no signature', {}, 'missing_header'],
      [
        'signed with another secret',
        {
          'webhook-id': 'evt_forged',
          'webhook-timestamp': String(now),
          'webhook-signature': sign(otherSecret, 'evt_forged', now, body),
        },
        'invalid_signature',
      ],
      [
        'a real signature over another body',
        {
          'webhook-id': 'evt_forged',
          'webhook-timestamp': String(now),
          'webhook-signature': sign(desk.webhookSecret, 'evt_forged', now, body.replace('hello?', 'hi')),
        },
        'invalid_signature',
      ],
      [
        'an hour-old delivery replayed',
        {
          'webhook-id': 'evt_forged',
          'webhook-timestamp': String(now - 3600),
          'webhook-signature': sign(desk.webhookSecret, 'evt_forged', now - 3600, body),
        },
        'timestamp_too_old',
      ],
    ];
    for (const [what, headers, reason] of attempts) {
      const response = await deliver(body, headers);
      expect(response.status, what).toBe(400);
      expect(await response.json(), what).toEqual({ error: 'invalid_webhook', reason });
    }
    expect((await desk.api.messages.list(room.room_id, { after: 0 })).data, 'forged deliveries posted nothing').toEqual(
      [],
    );

    // The same event correctly signed is taken (the receiver is not simply refusing everything)…
    const signed = await deliver(body, {
      'webhook-id': 'evt_forged',
      'webhook-timestamp': String(now),
      'webhook-signature': sign(desk.webhookSecret, 'evt_forged', now, body),
    });
    expect(signed.status).toBe(204);
    // …and a real customer message, delivered by OiChat itself, gets the desk's automatic reply.
    await desk.api.messages.send({ room_id: room.room_id, sender_id: 'customer-sam', content: 'Is anyone there?' });
    await expect
      .poll(
        async () =>
          (await desk.api.messages.list(room.room_id, { after: 0 })).data.filter(
            (m) => m.sender_id === 'support-agent' && m.metadata.desk_event === 'shortly',
          ).length,
        { timeout: 15_000 },
      )
      .toBe(1);
  });

  describe.skipIf(!haveChromium)('in Chromium', () => {
    it('no secret in the built client assets, nor in any page, script or data a signed-in user is served', async () => {
      const secrets = [desk.config.secret_key, desk.webhookSecret];
      const files: string[] = [];
      const walk = (dir: string) => {
        for (const entry of readdirSync(dir)) {
          const path = join(dir, entry);
          if (statSync(path).isDirectory()) walk(path);
          else files.push(path);
        }
      };
      walk(join(APP_DIR, '.next/static'));
      expect(files.length).toBeGreaterThan(5);
      for (const file of files) {
        const text = readFileSync(file, 'utf8');
        for (const s of [...secrets, 'OICHAT_SECRET_KEY', 'OICHAT_WEBHOOK_SECRET'])
          expect(text.includes(s), `${s.slice(0, 8)}… in ${file}`).toBe(false);
      }

      for (const persona of ['Jisoo Kim', 'Mina Park']) {
        const served: { url: string; body: string }[] = [];
        const { context, page } = await signedIn(browser as Browser, desk.app.url, persona);
        page.on('response', async (r) => {
          if (r.url().startsWith(desk.app.url)) served.push({ url: r.url(), body: await r.text().catch(() => '') });
        });
        await page.reload();
        await page.waitForLoadState('networkidle');
        const token = await context.request.get(`${desk.app.url}/api/chat-token`);
        served.push({ url: 'chat-token', body: await token.text() });
        expect(served.some((s) => s.url.endsWith('/customer') || s.url.endsWith('/agent'))).toBe(true);
        for (const { url, body } of served)
          for (const s of secrets) expect(body.includes(s), `${persona}: a secret in ${url}`).toBe(false);
        await context.close();
      }
    });

    it('the routes refuse who may not, and say why in JSON: never a bare 500, even with OiChat down', async () => {
      const app = desk.app.url;
      expect((await fetch(`${app}/api/chat-token`)).status).toBe(401);
      const post = (url: string) => fetch(url, { method: 'POST' });
      expect(await (await post(`${app}/api/orders/1234/help`)).json()).toMatchObject({ error: 'not_signed_in' });

      const customer = await signedIn(browser as Browser, app, 'Jisoo Kim');
      const asCustomer = customer.context.request;
      expect((await asCustomer.get(`${app}/api/inbox`)).status()).toBe(403);
      expect((await asCustomer.post(`${app}/api/rooms/room_x/claim`)).status()).toBe(403);
      expect((await asCustomer.post(`${app}/api/orders/9999/help`)).status()).toBe(404);

      const agent = await signedIn(browser as Browser, app, 'Mina Park');
      const asAgent = agent.context.request;
      const missing = await asAgent.post(`${app}/api/rooms/room_doesnotexist/claim`);
      expect([missing.status(), await missing.json()]).toEqual([
        404,
        { error: 'room_not_found', message: 'No support conversation room_doesnotexist.' },
      ]);
      expect((await asAgent.post(`${app}/api/rooms/room_doesnotexist/delete`)).status()).toBe(404);
      expect((await asAgent.get(`${app}/api/inbox?status=closed`)).status()).toBe(400);
      expect((await asAgent.post(`${app}/api/orders/1234/help`)).status()).toBe(403);

      // OiChat stops: the routes say so, as JSON.
      await desk.oichat.stop();
      const down = await asAgent.get(`${app}/api/inbox`);
      expect(down.status()).toBe(502);
      expect(await down.json()).toMatchObject({ error: 'chat_service_error' });
      await customer.context.close();
      await agent.context.close();
    });
  });
});
