/**
 * The built SDK (dist/) in a real browser: headless Chromium (Debian's `chromium`, driven by
 * playwright-core) loads a page from a static server on another origin than the API, imports
 * the SDK as plain ES modules, and talks to the real server: WebSocket events, REST through
 * CORS, typing seen by a Node client, a resume after the network (a TCP proxy between page
 * and server) cuts every connection, and an upload of a real File, on SQLite + disk and on
 * PostgreSQL + S3 (when OICHAT_TEST_POSTGRES_URL reaches a server; else skipped, saying why).
 * Skips, saying why, when /usr/bin/chromium is not installed.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { OiChatClient } from '../src/index.js';
import { nextEvent } from './helpers/events.js';
import { startProxy, type NetworkProxy } from './helpers/proxy.js';
import { BACKENDS, backendUnavailable, startTestServer, uniqueUser, type TestServer } from './helpers/server.js';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.log(`browser test skipped: ${CHROMIUM} is not installed (apt-get install -y chromium)`);

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
const TYPES: Record<string, string> = { '.js': 'text/javascript', '.map': 'application/json', '.html': 'text/html' };
const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>OiChat SDK browser test</title>
<script type="module">
  import * as OiChat from '/sdk/index.js';
  window.OiChat = OiChat;
  window.sdkLoaded = true;
</script>`;

/** Serves the page and dist/ under /sdk/: the SDK is loaded exactly as published, no bundler. */
async function startStaticServer(): Promise<{ url: string; server: Server }> {
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
      return;
    }
    const rel = path.startsWith('/sdk/') ? normalize(path.slice('/sdk/'.length)) : null;
    if (rel === null || rel.startsWith('..')) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(join(DIST, rel));
      res.writeHead(200, { 'content-type': TYPES[extname(rel)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server };
}

const unavailable = new Map(await Promise.all(BACKENDS.map(async (b) => [b, await backendUnavailable(b)] as const)));

describe.skipIf(!haveChromium)('in headless Chromium', () => {
  let t: TestServer;
  let net: NetworkProxy;
  let site: { url: string; server: Server };
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    expect(existsSync(join(DIST, 'index.js')), 'dist/ is built (npm test builds first)').toBe(true);
    const { chromium } = await import('playwright-core');
    [t, site, browser] = await Promise.all([
      startTestServer(),
      startStaticServer(),
      chromium.launch({
        executablePath: CHROMIUM,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      }),
    ]);
    net = await startProxy(t.url);
    page = await browser.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await page.goto(site.url);
    await page.waitForFunction(() => (window as unknown as { sdkLoaded?: boolean }).sdkLoaded === true);
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (site ? site.server.close(() => resolve()) : resolve()));
    await net?.close();
    await t?.close();
  });

  it('connects, receives, sends, marks read, types and resumes, from a page on another origin', async () => {
    const alice = uniqueUser('alice');
    const bob = uniqueUser('bob');
    const room = await t.room([alice, bob]);
    const bobClient = new OiChatClient({ baseUrl: t.url, token: await t.token(bob) });
    await bobClient.connect();
    try {
      // In the page: a client, and a log of what it sees.
      await page.evaluate(
        async ({ baseUrl, token }) => {
          const w = window as any;
          w.seen = [];
          w.client = new w.OiChat.OiChatClient({ baseUrl, token, reconnect: { baseMs: 20, capMs: 200 } });
          for (const type of ['message.created', 'read', 'connection.state']) {
            w.client.on(type, (e: any) => w.seen.push({ type, ...e }));
          }
          await w.client.connect();
        },
        { baseUrl: net.url, token: await t.token(alice) },
      );

      // WebSocket: a message the backend sends arrives in the page.
      await t.send(room.room_id, 'to the browser');
      await page.waitForFunction(() => (window as any).seen.some((e: any) => e.type === 'message.created'));

      // REST through CORS: list, send (bob sees it), mark read.
      const rest = await page.evaluate(async (roomId) => {
        const c = (window as any).client;
        const rooms = await c.rooms.list();
        const sent = await c.messages.send(roomId, { content: 'from the browser' });
        const read = await c.markRead(roomId, sent.seq);
        const err = await c.rooms
          .get('room_nope')
          .catch((e: any) => ({ name: e.name, status: e.status, code: e.code, requestId: e.requestId }));
        return { rooms: rooms.data.map((r: any) => r.room_id), sent, read, err };
      }, room.room_id);
      expect(rest.rooms).toEqual([room.room_id]);
      expect(rest.sent).toMatchObject({ seq: 2, sender_id: alice, content: 'from the browser' });
      expect(rest.read).toEqual({ room_id: room.room_id, user_id: alice, last_read_seq: 2 });
      // X-Request-Id is readable cross-origin because the server exposes it.
      expect(rest.err).toMatchObject({
        name: 'OiChatError',
        status: 404,
        code: 'room_not_found',
        requestId: expect.stringMatching(/^req_/),
      });

      // Typing from the page reaches a Node client.
      const typing = nextEvent(bobClient, 'typing');
      await page.evaluate((roomId) => (window as any).client.typing.start(roomId), room.room_id);
      expect(await typing).toEqual({ room_id: room.room_id, user_id: alice, state: 'start' });

      // The network cuts the page's connections: it reconnects and gets what it missed, once.
      net.drop();
      await t.send(room.room_id, 'while reconnecting');
      await page.waitForFunction(
        () => (window as any).seen.filter((e: any) => e.type === 'message.created').length === 3,
      );
      await page.waitForFunction(() => (window as any).client.state === 'connected');

      const seen = (await page.evaluate(() => (window as any).seen)) as { type: string; [k: string]: any }[];
      expect(seen.filter((e) => e.type === 'message.created').map((e) => [e.message.seq, e.message.content])).toEqual([
        [1, 'to the browser'],
        [2, 'from the browser'],
        [3, 'while reconnecting'],
      ]);
      expect(seen.filter((e) => e.type === 'read')).toEqual([
        { type: 'read', room_id: room.room_id, user_id: alice, seq: 2 },
      ]);
      expect(seen.filter((e) => e.type === 'connection.state').map((e) => e.state)).toEqual([
        'connecting',
        'connected',
        'reconnecting',
        'connected',
      ]);
      expect(pageErrors).toEqual([]);
    } finally {
      bobClient.disconnect();
      await page.evaluate(() => (window as any).client?.disconnect());
    }
  }, 30_000);

  for (const backend of BACKENDS) {
    const reason = unavailable.get(backend) ?? null;
    if (reason) console.log(`browser upload on ${backend} skipped: ${reason}`);
    it.skipIf(reason !== null)(
      `uploads a real File with progress, sends it, and the image loads from its signed URL (${backend})`,
      async () => {
        // SQLite + disk is the server of the other tests; PostgreSQL + S3 one of its own.
        const server = backend === 'SQLite + disk' ? t : await startTestServer(backend);
        try {
          const alice = uniqueUser('alice');
          const bob = uniqueUser('bob');
          const room = await server.room([alice, bob]);
          const bobClient = new OiChatClient({ baseUrl: server.url, token: await server.token(bob) });
          await bobClient.connect();
          try {
            const received = nextEvent(bobClient, 'message.created');
            const result = await page.evaluate(
              async ({ baseUrl, token, roomId }) => {
                const w = window as any;
                // A photo as a user would pick it: a File made from a drawn canvas (PNG, 800×600).
                const canvas = new OffscreenCanvas(800, 600);
                const g = canvas.getContext('2d')!;
                g.fillStyle = '#2a6';
                g.fillRect(0, 0, 800, 600);
                g.fillStyle = '#fff';
                g.fillRect(100, 100, 300, 200);
                const blob = await canvas.convertToBlob({ type: 'image/png' });
                const file = new File([blob], 'receipt photo.png', { type: 'image/png' });
                const client = new w.OiChat.OiChatClient({ baseUrl, token });
                const progress: { loaded: number; total: number }[] = [];
                const attachment = await client.attachments.upload(roomId, file, {
                  onProgress: (p: any) => progress.push(p),
                });
                const message = await client.messages.send(roomId, {
                  content_type: 'image',
                  content: 'the receipt',
                  attachments: [attachment.attachment_id],
                });
                // The signed URL works as an <img src> from this other origin, and through fetch (CORS).
                const img = new Image();
                img.src = message.attachments[0].url;
                await img.decode();
                const fetched = await fetch(message.attachments[0].thumbnail.url);
                return {
                  attachment,
                  size: file.size,
                  progress,
                  natural: [img.naturalWidth, img.naturalHeight],
                  thumb: { status: fetched.status, type: fetched.headers.get('content-type') },
                };
              },
              { baseUrl: server.url, token: await server.token(alice), roomId: room.room_id },
            );
            expect(result.attachment).toMatchObject({
              name: 'receipt photo.png',
              mime_type: 'image/png',
              width: 800,
              height: 600,
              thumbnail: { width: 320, height: 240 },
            });
            expect(result.progress.length).toBeGreaterThan(0);
            expect(result.progress.at(-1)).toEqual({ loaded: result.size, total: result.size });
            expect(result.natural).toEqual([800, 600]);
            expect(result.thumb).toEqual({ status: 200, type: 'image/webp' });
            const { message } = await received;
            expect(message.attachments?.[0]?.attachment_id).toBe(result.attachment.attachment_id);
            expect(pageErrors).toEqual([]);
          } finally {
            bobClient.disconnect();
          }
        } finally {
          if (server !== t) await server.close();
        }
      },
      60_000,
    );
  }
});
