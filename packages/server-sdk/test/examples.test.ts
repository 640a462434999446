// The README's examples (test/examples/*.ts) compile under tsc --strict against the built
// package and run against the real server; the seed's own blocks compile verbatim.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { decodeJwt, expectApiError } from './helpers/assertions.ts';
import { credentials, describeWithServer, makeClient } from './helpers/env.ts';
import { UserSocket } from './helpers/realtime.ts';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const examplesDir = join(packageDir, 'test/examples');

describe('README examples', () => {
  it('are exactly the tested ones (scripts/readme-examples.mjs --check)', () => {
    const result = spawnSync(process.execPath, [join(packageDir, 'scripts/readme-examples.mjs'), '--check'], {
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it("every example, and the seed README's blocks verbatim, pass tsc --strict against dist/*.d.ts", () => {
    expect(existsSync(join(packageDir, 'dist/esm/index.d.ts')), 'run `npm run build` first').toBe(true);
    const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin/tsc');
    const result = spawnSync(process.execPath, [tsc, '-p', join(examplesDir, 'tsconfig.json')], { encoding: 'utf8' });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  }, 60_000);
});

describeWithServer('examples run against the real server', () => {
  const saved = { ...process.env };
  beforeAll(() => {
    // The examples read their credentials from the environment, as the README tells readers to.
    const creds = credentials(2);
    process.env.OICHAT_API_KEY = creds.apiKey;
    process.env.OICHAT_SECRET_KEY = creds.secretKey;
    process.env.OICHAT_PROJECT_ID = creds.projectId;
    process.env.OICHAT_BASE_URL = creds.baseUrl;
  });
  afterAll(() => {
    process.env = saved;
  });

  it('quick start: token, room, system message', async () => {
    const m = await import('./examples/quick-start.ts');
    expect(m.token.split('.')).toHaveLength(3);
    expect(Date.parse(m.expires_at)).toBeGreaterThan(Date.now());
    expect(m.room).toMatchObject({ type: 'group', name: 'Order #1234 Support', participants: ['user-123', 'agent-1'] });
    const history = await makeClient({ project: 2 }).messages.list(m.room.room_id);
    expect(history.data.map((x) => [x.sender_id, x.content_type, x.content])).toEqual([
      ['system', 'system', 'Your order has been confirmed.'],
    ]);
  });

  it('configuration and per-call request options', async () => {
    const m = await import('./examples/configuration.ts');
    expect(m.oichat).toMatchObject({ baseUrl: credentials(2).baseUrl, timeout: 10000, maxRetries: 2 });
    expect(Array.isArray(m.rooms.data)).toBe(true);
  });

  it('API reference: auth, rooms, messages, delete', async () => {
    const m = await import('./examples/api-reference.ts');
    expect(m.newToken).not.toBe(m.token);
    expect(Date.parse(m.revoked_at)).toBeGreaterThan(0);
    // Revoked: the tokens issued before it, the refreshed one included, are refused.
    await expectApiError(makeClient({ project: 2 }).auth.refreshToken({ token: m.newToken }), 401, 'token_revoked');
    expect(m.details.room_id).toBe(m.room.room_id);
    expect(m.data.some((r) => r.room_id === m.room.room_id)).toBe(true);
    expect(typeof m.has_more).toBe('boolean');
    expect(m.next_cursor === null || typeof m.next_cursor === 'string').toBe(true);
    expect(m.result).toEqual({ room_id: m.room.room_id, user_id: 'user-1', destroyed: false });
    expect(m.message).toMatchObject({ seq: 1, sender_id: 'system', content: 'Transaction completed.' });
    expect(m.history).toEqual({ data: [m.message], has_more: false });
    await expectApiError(makeClient({ project: 2 }).rooms.get(m.room.room_id), 404, 'room_not_found');
  });

  it('message features: thread, mention, edit, reaction, pin, search, delete', async () => {
    const m = await import('./examples/message-features.ts');
    expect(m.answer).toMatchObject({ parent_id: m.question.message_id, mentions: ['customer-7'] });
    expect(m.thread.data.map((x) => x.message_id)).toEqual([m.answer.message_id]);
    expect(m.pins.data).toEqual([
      expect.objectContaining({
        message_id: m.answer.message_id,
        content: '@customer-7 it arrives tomorrow',
        reactions: { '🙏': 1 },
        pinned_by: 'system',
      }),
    ]);
    expect(m.found.data.map((x) => x.message_id)).toEqual([m.answer.message_id]);
    expect(m.deleted).toMatchObject({ message_id: m.question.message_id, content: '', deleted_at: expect.any(String) });
    const root = await makeClient({ project: 2 }).messages.get(m.question.message_id);
    expect(root).toMatchObject({ reply_count: 1, deleted_at: m.deleted.deleted_at });
  });

  it('attachments: upload a file, send it, get fresh URLs', async () => {
    // The example reads invoice-1234.pdf from where it runs, as an application would.
    const dir = mkdtempSync(join(tmpdir(), 'oichat-example-'));
    copyFileSync(fileURLToPath(new URL('./fixtures/invoice.pdf', import.meta.url)), join(dir, 'invoice-1234.pdf'));
    const cwd = process.cwd();
    process.chdir(dir);
    const m = await import('./examples/attachments.ts').finally(() => {
      process.chdir(cwd);
      rmSync(dir, { recursive: true, force: true });
    });
    expect(m.invoice).toMatchObject({ name: 'invoice-1234.pdf', mime_type: 'application/pdf', message_id: null });
    expect(m.sent.attachments?.map((a) => a.attachment_id)).toEqual([m.invoice.attachment_id]);
    expect(Date.parse(m.url_expires_at)).toBeGreaterThan(Date.now());
    const res = await fetch(m.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="invoice-1234.pdf"/);
  });

  it('users: list, get, update and delete (revoking, leaving rooms, redacting)', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    let m: typeof import('./examples/users.ts');
    try {
      m = await import('./examples/users.ts');
    } finally {
      log.mockRestore();
    }
    expect(m.agents.map((u) => u.user_id)).toContain('agent-7');
    expect(m.agents.every((u) => u.role === 'agent')).toBe(true);
    expect(m.user).toMatchObject({ user_id: 'customer-42', name: 'Lee', role: 'user', info: {} });
    expect(m.updated).toMatchObject({ name: 'Lee Min', info: { nickname: 'Min', custom: { tier: 'gold' } } });
    expect(m.deleted).toMatchObject({ user_id: 'customer-42', rooms_left: 1, rooms_deleted: 0, messages_redacted: 1 });
    const client = makeClient({ project: 2 });
    await expectApiError(client.users.get('customer-42'), 404, 'user_not_found');
    const history = await client.messages.list(m.support.room_id);
    expect(history.data).toEqual([
      expect.objectContaining({ sender_id: 'customer-42', content: '', redacted_at: m.deleted.deleted_at }),
    ]);
    // The room the example lists was left by the customer: still open, in the billing queue.
    expect(m.open.data.map((r) => r.room_id)).toContain(m.support.room_id);
    expect(m.open.data.every((r) => r.status === 'open' && r.metadata.queue === 'billing')).toBe(true);
  });

  it('channels: the agent connected with the inbox channel gets the event, a customer does not', async () => {
    const backend = makeClient({ project: 2 });
    // Connected before the example publishes: channel events are live only.
    const agent = await UserSocket.connect(
      (await backend.auth.createToken({ user_id: 'agent-8', role: 'agent', channels: ['support-inbox'] })).token,
    );
    const customer = await UserSocket.connect((await backend.auth.createToken({ user_id: 'customer-7' })).token);
    try {
      const m = await import('./examples/channels.ts');
      expect(m.published).toEqual({ channel: 'support-inbox', event: 'inbox.changed' });
      expect(decodeJwt(m.agentToken).payload.channels).toEqual(['support-inbox']);
      expect(await agent.waitFor((f) => f.type === 'channel.event')).toEqual({
        type: 'channel.event',
        channel: 'support-inbox',
        event: 'inbox.changed',
        data: { room_id: m.room.room_id },
      });
      await customer.marker();
      expect(customer.of('channel.event')).toEqual([]);
    } finally {
      agent.close();
      customer.close();
    }
  });

  it('idempotency: the same key gives back the same room', async () => {
    const m = await import('./examples/idempotency.ts');
    const again = await m.oichat.rooms.create(
      { type: 'group', participants: ['user-1', 'user-2'] },
      { idempotencyKey: 'order-1234-room' },
    );
    const once = await m.oichat.rooms.create(
      { type: 'group', participants: ['user-1', 'user-2'] },
      { idempotencyKey: 'order-1234-room' },
    );
    expect(once.room_id).toBe(again.room_id);
  });

  it('error handling: a missing room lands in the OiChatApiError branch', async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      await import('./examples/error-handling.ts');
      expect(spy).toHaveBeenCalledTimes(1);
      expect(spy).toHaveBeenCalledWith(404, 'room_not_found', expect.any(String));
    } finally {
      spy.mockRestore();
    }
  });

  it('TypeScript types: typed helpers work', async () => {
    const m = await import('./examples/typescript-types.ts');
    const room = await m.createSupportRoom('42');
    expect(room.name).toBe('Order #42');
    expect((await m.tokenFor('customer')).token).toBeTruthy();
    expect(m.confirmation.content_type).toBe('system');
  });
});

describeWithServer('the webhook bot example', () => {
  const saved = { ...process.env };
  afterAll(() => {
    process.env = saved;
  });

  it("answers a user's message in the room, once, and ignores forged deliveries", async () => {
    const creds = credentials(2);
    process.env.OICHAT_API_KEY = creds.apiKey;
    process.env.OICHAT_SECRET_KEY = creds.secretKey;
    process.env.OICHAT_PROJECT_ID = creds.projectId;
    process.env.OICHAT_BASE_URL = creds.baseUrl;
    const { startBot } = await import('./examples/webhook-bot.ts');
    const backend = makeClient({ project: 2 });
    const placeholder = await backend.webhooks.create({
      url: 'https://example.com/placeholder',
      event_types: ['message.created'],
    });
    const bot = await startBot(placeholder.secret);
    try {
      await backend.webhooks.update(placeholder.endpoint_id, { url: bot.url });
      const room = await backend.rooms.create({ type: 'group', participants: ['customer-1', 'agent-1'] });
      // The user writes through the end-user API with their own token.
      const { token } = await backend.auth.createToken({ user_id: 'customer-1' });
      const sent = await fetch(`${creds.baseUrl}/v1/me/rooms/${room.room_id}/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ content: 'Where is my order?' }),
      });
      expect(sent.status).toBe(201);
      await vi.waitFor(
        async () => {
          const history = await backend.messages.list(room.room_id);
          expect(history.data.map((m) => [m.sender_id, m.content])).toEqual([
            ['customer-1', 'Where is my order?'],
            ['system', 'Thanks, customer-1! An agent will answer "Where is my order?" shortly.'],
          ]);
        },
        { timeout: 10_000, interval: 100 },
      );
      const forged = await fetch(bot.url, {
        method: 'POST',
        body: '{}',
        headers: { 'webhook-id': 'x', 'webhook-timestamp': '1', 'webhook-signature': 'v1,AAAA' },
      });
      expect(forged.status).toBe(400);
    } finally {
      bot.close();
      await backend.webhooks.delete(placeholder.endpoint_id);
    }
  });
});
