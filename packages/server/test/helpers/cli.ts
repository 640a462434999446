/**
 * The built `oichat` command (dist/cli/main.js) as tests run it: path, environment, build check,
 * one-shot runs and `serve` processes in temporary directories.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { Credentials } from './signed-client.js';

export const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

/** Fails the suite at once, saying what to do, when the CLI has not been built. */
export function assertCliBuilt(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build -w @oichat/server" first.`);
}

/** The environment of a user who has set none of the server's variables (unless given). */
export function cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(OICHAT_|PORT$|HOST$|NODE_OPTIONS$|VITEST)/.test(k)) env[k] = v;
  }
  return { ...env, ...extra };
}

// Temporary directories and child processes, all cleaned up by cleanUpCommands().

const tempDirs: string[] = [];
const children = new Set<ChildProcess>();

export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'oichat-cli-test-'));
  tempDirs.push(dir);
  return dir;
}

/** A database path in a fresh directory (the directory also receives master.key). */
export async function tempDb(): Promise<{ dir: string; db: string }> {
  const dir = await tempDir();
  return { dir, db: join(dir, 'data', 'oichat.db') };
}

/** For afterAll: kills what a test that failed half-way left running, and removes the directories. */
export async function cleanUpCommands(): Promise<void> {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  children.clear();
  await Promise.all(tempDirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RunResult extends Exit {
  stdout: string;
  stderr: string;
}

export function start(args: string[], opts: { env?: Record<string, string>; cwd?: string } = {}) {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: opts.cwd ?? tmpdir(),
    env: cliEnv(opts.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const exited = new Promise<Exit>((res) => child.on('close', (code, signal) => res({ code, signal })));
  return { child, exited, out: () => stdout, err: () => stderr };
}

/** Runs a one-shot command to completion. */
export async function run(
  args: string[],
  opts: { env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {},
): Promise<RunResult> {
  const p = start(args, opts);
  const timer = setTimeout(() => p.child.kill('SIGKILL'), opts.timeoutMs ?? 15_000);
  const exit = await p.exited;
  clearTimeout(timer);
  return { ...exit, stdout: p.out(), stderr: p.err() };
}

/** A project made with `oichat projects create` on the database. */
export async function createProject(db: string, name = 'acme'): Promise<Credentials> {
  const res = await run(['projects', 'create', '--name', name, '--database', db, '--json']);
  expect(res.code, res.stderr).toBe(0);
  const { database, ...created } = JSON.parse(res.stdout);
  expect(database).toBe(db);
  return created as Credentials;
}

export interface Served {
  url: string;
  port: number;
  child: ChildProcess;
  exited: Promise<Exit>;
  out(): string;
  err(): string;
  /** Sends a signal and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<Exit>;
}

const BANNER_DONE = /new credentials: npx oichat projects create.*\n|\n\}\);/;

/** Starts `oichat serve …` and waits until its start-up banner is printed. */
export async function serve(
  args: string[],
  opts: { env?: Record<string, string>; cwd?: string } = {},
): Promise<Served> {
  const p = start(['serve', ...args], opts);
  const deadline = Date.now() + 15_000;
  let exit: Exit | null = null;
  void p.exited.then((e) => (exit = e));
  let listeningSince = 0;
  for (;;) {
    const m = /listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(p.err());
    if (m && !listeningSince) listeningSince = Date.now();
    // The banner is one write; allow a moment for it to arrive whole if its wording changes.
    if (m && (BANNER_DONE.test(p.err()) || Date.now() - listeningSince > 500)) {
      return {
        url: m[1]!,
        port: Number(m[2]),
        child: p.child,
        exited: p.exited,
        out: p.out,
        err: p.err,
        async stop(signal = 'SIGTERM') {
          if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill(signal);
          return p.exited;
        },
      };
    }
    if (exit)
      throw new Error(
        `serve exited (${JSON.stringify(exit)}) before listening.\nstdout:\n${p.out()}\nstderr:\n${p.err()}`,
      );
    if (Date.now() > deadline) {
      p.child.kill('SIGKILL');
      throw new Error(`serve did not print its banner in time.\nstdout:\n${p.out()}\nstderr:\n${p.err()}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

export async function waitFor(what: string, ok: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
