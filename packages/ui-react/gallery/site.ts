/**
 * The gallery as a library: an OiChat server (in-memory SQLite) with the sample data, the page
 * (gallery/app.tsx bundled with esbuild against the built packages, as an application would
 * use them), a token endpoint standing in for the application's backend, and a cuttable
 * network in front of the API. `npm run gallery` serves it; the browser tests and the benchmark
 * start their own.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { resolveConfig, startServer, type RunningServer } from '@oichat/server';
import { build } from 'esbuild';
import { startBots, type Bots } from './bots.ts';
import { startNetwork, type Network } from './network.ts';
import { PEOPLE, seedGallery, type Seeded } from './seed.ts';

export interface Gallery {
  url: string;
  /** The API as the page reaches it: through the cuttable network. */
  apiUrl: string;
  server: RunningServer;
  seed: Seeded;
  network: Network;
  close(): Promise<void>;
}

export interface GalleryOptions {
  port?: number;
  /** Live activity (typing colleagues, an answering customer). Default true. */
  live?: boolean;
  longCount?: number;
  /** Minified production React (the benchmark) or development React with its checks (tests). */
  production?: boolean;
}

const here = (p: string) => new URL(p, import.meta.url).pathname;

export async function startGallery(opts: GalleryOptions = {}): Promise<Gallery> {
  const server = await startServer(
    resolveConfig({ port: 0, host: '127.0.0.1', database: ':memory:', rateLimit: 0, logLevel: 'warn' }, {}),
    { logger: false },
  );
  const seed = await seedGallery(server, { longCount: opts.longCount });
  const network = await startNetwork(server.url);
  const bots: Bots | undefined = opts.live === false ? undefined : await startBots(server.url, seed);
  const production = opts.production ?? true;
  const bundle = await build({
    entryPoints: [here('./app.tsx')],
    bundle: true,
    format: 'esm',
    write: false,
    jsx: 'automatic',
    minify: production,
    sourcemap: production ? false : 'inline',
    define: { 'process.env.NODE_ENV': JSON.stringify(production ? 'production' : 'development') },
    target: 'chrome120',
    logLevel: 'warning',
  });
  const app = bundle.outputFiles[0]!.text;
  const css = (await readFile(here('../dist/styles.css'), 'utf8')) + (await readFile(here('./gallery.css'), 'utf8'));
  const config = JSON.stringify({ apiUrl: network.url, rooms: seed.rooms, people: PEOPLE });
  // An emoji font served with the page, so reactions show on a machine without one (Noto Emoji: the
  // color one's COLRv1 glyphs come out blank in headless Debian Chromium).
  const emojiDir = here('../../../node_modules/@fontsource/noto-emoji/');
  const emojiCss = (await readFile(join(emojiDir, 'index.css'), 'utf8').catch(() => '')).replaceAll(
    './files/',
    '/fonts/',
  );

  const site: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const send = (type: string, body: string) =>
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
    if (url.pathname === '/') return send('text/html; charset=utf-8', PAGE);
    if (url.pathname === '/app.js') return send('text/javascript', app);
    if (url.pathname === '/styles.css') return send('text/css', emojiCss + css);
    const font = /^\/fonts\/(noto-emoji-\d+-400-normal\.woff2?)$/.exec(url.pathname);
    if (font) {
      readFile(join(emojiDir, 'files', font[1]!)).then(
        (body) => res.writeHead(200, { 'content-type': 'font/woff2', 'cache-control': 'max-age=3600' }).end(body),
        () => res.writeHead(404).end(),
      );
      return;
    }
    if (url.pathname === '/config') return send('application/json', config);
    if (url.pathname === '/token') {
      const user = url.searchParams.get('user') ?? '';
      if (!/^[\w.:@+=|~-]{1,128}$/.test(user)) return res.writeHead(400).end('bad user');
      seed.token(user).then(
        (token) => send('application/json', JSON.stringify({ token })),
        () => res.writeHead(500).end(),
      );
      return;
    }
    if (url.pathname === '/network/drop' && req.method === 'POST') {
      network.drop(Number(url.searchParams.get('ms') ?? 4000));
      return send('application/json', '{}');
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => site.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const { port } = site.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    apiUrl: network.url,
    server,
    seed,
    network,
    async close() {
      bots?.stop();
      await new Promise<void>((resolve) => site.close(() => resolve()));
      site.closeAllConnections();
      await network.close();
      await server.close();
    },
  };
}

const PAGE = `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>OiChat UI gallery</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/styles.css">
<body>
<div id="root"></div>
<script type="module" src="/app.js"></script>
</body>
</html>`;
