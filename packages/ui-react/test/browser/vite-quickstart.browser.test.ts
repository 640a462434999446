/**
 * The README's quick start, as a developer would paste it into a Vite app: the code block is
 * read from the README itself, built by Vite (the package as built, resolved through its
 * exports, with its one CSS import) and opened in Chromium against a real server. The chat
 * works: the room list, a room, a message received and one sent. Its screenshot is written to
 * the OS temp dir for a person to look at. Skips, saying why, without /usr/bin/chromium.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveChromium, launchChromium, type LaunchedBrowser } from '../helpers/browser.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const PKG = fileURLToPath(new URL('../..', import.meta.url));
const README = readFileSync(join(PKG, 'README.md'), 'utf8');
/** The first code block after "## Quick start", as written. */
const QUICK_START = /## Quick start\s+```tsx\n([\s\S]*?)\n```/.exec(README)?.[1] ?? '';
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
};

describe.skipIf(!haveChromium)('the README quick start in a Vite app', () => {
  let server: TestServer;
  let chromium: LaunchedBrowser;
  let site: Server;
  let siteUrl = '';
  const app = join(PKG, `.quickstart-${process.pid}`);

  beforeAll(async () => {
    expect(QUICK_START, 'the README has a quick start code block').toContain('<Chat />');
    [server, chromium] = await Promise.all([startTestServer(), launchChromium()]);
    // The quick start verbatim; only its placeholders become this test's server and backend.
    expect(QUICK_START).toContain("baseUrl: 'https://chat.example.com'");
    mkdirSync(app, { recursive: true });
    writeFileSync(join(app, 'support.tsx'), QUICK_START.replace('https://chat.example.com', server.url));
    writeFileSync(
      join(app, 'main.tsx'),
      "import { createRoot } from 'react-dom/client';\nimport { Support } from './support.tsx';\n\ncreateRoot(document.getElementById('root')!).render(<Support />);\n",
    );
    writeFileSync(
      join(app, 'index.html'),
      '<!doctype html>\n<html lang="en">\n<meta charset="utf-8">\n<title>Support</title>\n<body>\n<div id="root"></div>\n<script type="module" src="/main.tsx"></script>\n</body>\n</html>\n',
    );
    const { build } = await import('vite');
    await build({
      root: app,
      configFile: false,
      logLevel: 'error',
      // React's automatic runtime, as @vitejs/plugin-react sets it up.
      oxc: { jsx: { runtime: 'automatic' } },
      build: { outDir: join(app, 'dist'), emptyOutDir: true },
    });
    site = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      // The application's backend: it knows the signed-in agent and mints their token.
      if (url.pathname === '/my-backend/chat-token') {
        server.token('agent-1', 'Mina Park').then((token) => res.writeHead(200).end(token));
        return;
      }
      const file = url.pathname === '/' ? '/index.html' : url.pathname;
      try {
        const body = readFileSync(join(app, 'dist', file));
        res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
      } catch {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    siteUrl = `http://127.0.0.1:${(site.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    rmSync(app, { recursive: true, force: true });
    await chromium?.close();
    await new Promise<void>((resolve) => (site ? site.close(() => resolve()) : resolve()));
    await server?.close();
  });

  it('is a working chat: the rooms, a room, a message in and one out, styled by the one CSS import', async () => {
    const room = await server.room(['agent-1', 'customer-7'], { name: 'Order #1234' });
    await server.send(room, 'Where is my parcel?', 'customer-7');
    const context = await chromium.context({ width: 1100, height: 700 });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(siteUrl);
    const nav = page.getByRole('navigation', { name: 'Rooms' });
    await nav.getByRole('button', { name: /^Order #1234/ }).click();
    const log = page.getByRole('log', { name: 'Messages' });
    await log.getByRole('article').filter({ hasText: 'Where is my parcel?' }).waitFor();
    // The stylesheet is in: the layout is a grid of its own, not unstyled HTML.
    expect(await page.locator('.oichat-chat').evaluate((el) => getComputedStyle(el).display)).not.toBe('inline');
    expect(
      await page
        .locator('.oichat-message__bubble')
        .first()
        .evaluate((el) => getComputedStyle(el).borderRadius),
    ).not.toBe('0px');
    const box = page.getByRole('textbox', { name: 'Message' });
    await box.fill('It left the warehouse this morning.');
    await box.press('Enter');
    await expect
      .poll(async () =>
        (await server.server.services.messages.history({ projectId: server.projectId }, room, { after: 0 })).data.map(
          (m) => m.content,
        ),
      )
      .toContain('It left the warehouse this morning.');
    await page.screenshot({ path: join(tmpdir(), 'oichat-quickstart-vite.png') });
    expect(errors).toEqual([]);
    await context.close();
  });
});
