/**
 * The pieces `npm run demo` and the end-to-end test put together: an OiChat server (the real
 * `oichat serve`, on a SQLite file in a data folder of its own), the project and the webhook
 * endpoint it needs (created on first run and remembered in the folder), a production build of
 * the app (only when a source is newer than the last one) and `next start`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OiChat } from '@oichat/server-sdk';
import { DESK_WEBHOOK_EVENTS } from '../lib/inbox-events.ts';

export const APP_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
/** A package's folder, found from its entry point (not every package exports its package.json). */
function packageDir(name: string): string {
  let dir = dirname(require.resolve(name));
  while (
    !existsSync(join(dir, 'package.json')) ||
    JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name !== name
  )
    dir = dirname(dir);
  return dir;
}
const OICHAT_BIN = join(packageDir('@oichat/server'), 'bin/oichat.js');
const NEXT_BIN = require.resolve('next/dist/bin/next');

export interface Running {
  url: string;
  child: ChildProcess;
  /** Everything it printed, for a failing test to show. */
  output(): string;
  stop(): Promise<void>;
}

function run(cmd: string[], opts: { cwd?: string; env?: Record<string, string | undefined>; echo?: boolean }) {
  const child = spawn(process.execPath, cmd, {
    cwd: opts.cwd ?? APP_DIR,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (stream: NodeJS.WriteStream) => (chunk: Buffer) => {
    output += chunk;
    if (opts.echo) stream.write(chunk);
  };
  child.stdout?.on('data', collect(process.stdout));
  child.stderr?.on('data', collect(process.stderr));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
  };
  return { child, output: () => output, exited, stop };
}

/** Runs a command to its end; rejects with its output when it fails. */
async function runToEnd(
  cmd: string[],
  opts: { cwd?: string; env?: Record<string, string | undefined>; echo?: boolean } = {},
) {
  const p = run(cmd, opts);
  const code = await p.exited;
  if (code !== 0) throw new Error(`${cmd.join(' ')} exited ${code}:\n${p.output()}`);
  return p.output();
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface DeskConfig {
  project_id: string;
  api_key: string;
  secret_key: string;
  webhook?: { endpoint_id: string; url: string; secret: string };
}

/** The project of this data folder: created (with `oichat projects create`) when the folder is new. */
export async function ensureProject(dataDir: string): Promise<DeskConfig> {
  const file = join(dataDir, 'desk.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as DeskConfig;
  mkdirSync(dataDir, { recursive: true });
  const out = await runToEnd([
    OICHAT_BIN,
    'projects',
    'create',
    '--name',
    'Support desk',
    '--database',
    join(dataDir, 'oichat.db'),
    '--json',
  ]);
  const { project_id, api_key, secret_key } = JSON.parse(out) as DeskConfig;
  const config = { project_id, api_key, secret_key };
  saveConfig(dataDir, config);
  return config;
}

function saveConfig(dataDir: string, config: DeskConfig) {
  const file = join(dataDir, 'desk.json');
  // It holds the secret key: readable by this user only.
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
}

/** `oichat serve` on the folder's SQLite file; port 0 picks a free one. */
export async function startOiChat(dataDir: string, port = 0, echo = false): Promise<Running> {
  const p = run(
    [
      OICHAT_BIN,
      'serve',
      '--port',
      String(port),
      '--database',
      join(dataDir, 'oichat.db'),
      '--log-level',
      'warn',
      '--webhooks-allow-private',
    ],
    { echo, env: { OICHAT_WEBHOOK_RETRY_SCHEDULE: '1,2,5,10' } },
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`oichat serve did not start:\n${p.output()}`)), 30_000);
    const check = () => {
      const m = /listening on (http:\/\/\S+)/.exec(p.output());
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    p.child.stderr?.on('data', check);
    void p.exited.then((code) => reject(new Error(`oichat serve exited ${code}:\n${p.output()}`)));
  });
  return { url, child: p.child, output: p.output, stop: p.stop };
}

/**
 * The endpoint delivering the desk's events (DESK_WEBHOOK_EVENTS: room changes and messages) to
 * the app's receiver, pointed at `appUrl` (kept in the folder with its secret).
 */
export async function ensureWebhook(dataDir: string, config: DeskConfig, oichatUrl: string, appUrl: string) {
  const url = `${appUrl}/api/webhooks/oichat`;
  const oichat = new OiChat({
    apiKey: config.api_key,
    secretKey: config.secret_key,
    projectId: config.project_id,
    baseUrl: oichatUrl,
  });
  if (config.webhook) {
    // Follows the app to its port, comes back on if OiChat disabled it while the app was down, and
    // takes the event types this version of the app needs (a data folder of an older one had fewer).
    await oichat.webhooks.update(config.webhook.endpoint_id, {
      url,
      enabled: true,
      event_types: [...DESK_WEBHOOK_EVENTS],
    });
    config.webhook.url = url;
    saveConfig(dataDir, config);
    return config.webhook;
  }
  const created = await oichat.webhooks.create({
    url,
    event_types: [...DESK_WEBHOOK_EVENTS],
    description: 'Support desk sample',
  });
  config.webhook = { endpoint_id: created.endpoint_id, url, secret: created.secret };
  saveConfig(dataDir, config);
  return config.webhook;
}

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let newest = s.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry === '.next' || entry === '.data' || entry === 'test') continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** Is the production build missing or older than a source of the app or of the @oichat packages it bundles? */
export function buildIsStale(): boolean {
  const buildId = join(APP_DIR, '.next/BUILD_ID');
  if (!existsSync(buildId)) return true;
  const packages = ['@oichat/sdk', '@oichat/ui-react', '@oichat/server-sdk'].map((name) =>
    join(packageDir(name), 'dist'),
  );
  const sources = ['app', 'components', 'lib', 'next.config.ts', 'package.json', 'tsconfig.json'].map((p) =>
    join(APP_DIR, p),
  );
  const newest = Math.max(...[...sources, ...packages].map(newestMtime));
  return newest > statSync(buildId).mtimeMs;
}

export async function buildApp(echo = false): Promise<void> {
  await runToEnd([NEXT_BIN, 'build'], { echo, env: { NEXT_TELEMETRY_DISABLED: '1' } });
}

export interface AppEnv {
  oichatUrl: string;
  config: DeskConfig;
  webhookSecret: string;
  autoReplyAfterSeconds?: number;
}

/** `next start` on the production build, with the settings as the server environment. */
export async function startApp(port: number, env: AppEnv, echo = false): Promise<Running> {
  const url = `http://127.0.0.1:${port}`;
  const p = run([NEXT_BIN, 'start', '--hostname', '127.0.0.1', '--port', String(port)], {
    echo,
    env: {
      NEXT_TELEMETRY_DISABLED: '1',
      OICHAT_BASE_URL: env.oichatUrl,
      OICHAT_PROJECT_ID: env.config.project_id,
      OICHAT_API_KEY: env.config.api_key,
      OICHAT_SECRET_KEY: env.config.secret_key,
      OICHAT_WEBHOOK_SECRET: env.webhookSecret,
      ...(env.autoReplyAfterSeconds !== undefined && {
        DESK_AUTO_REPLY_AFTER_SECONDS: String(env.autoReplyAfterSeconds),
      }),
    },
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (p.child.exitCode !== null) throw new Error(`next start exited ${p.child.exitCode}:\n${p.output()}`);
    try {
      if ((await fetch(url, { redirect: 'manual' })).status < 500) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await p.stop();
      throw new Error(`next start did not answer on ${url}:\n${p.output()}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, child: p.child, output: p.output, stop: p.stop };
}
