// The server under fuzzing: the built `oichat serve` as its own process on a fresh SQLite file,
// with the per-project and per-user rate limits off (a fuzzer is one client sending as fast as
// it can: 429s would hide everything behind them) and webhook endpoints allowed on loopback (so
// that valid URLs exist; the fuzzer only ever makes loopback ones). Its stderr is kept, its
// memory read from /proc, and its exit noticed: a crash is a finding.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memory } from '../bench/lib/inspector.ts';
import { rssBytes } from '../bench/lib/proc-stats.ts';
import { CLI, stopChild, track } from '../bench/lib/processes.ts';

export interface Credentials {
  project_id: string;
  api_key: string;
  secret_key: string;
}

export class Target {
  #exit: { code: number | null; signal: string | null } | null = null;
  #output = '';

  readonly child: ChildProcess;
  readonly url: string;
  readonly credentials: Credentials;
  private readonly dir: string;
  /** Its inspector (loopback, a free port), through which a full GC is forced before the heap is measured. */
  private readonly inspectorUrl: string;

  private constructor(child: ChildProcess, url: string, credentials: Credentials, dir: string, inspectorUrl: string) {
    this.child = child;
    this.url = url;
    this.credentials = credentials;
    this.dir = dir;
    this.inspectorUrl = inspectorUrl;
    child.once('exit', (code, signal) => (this.#exit = { code, signal }));
  }

  static async start(): Promise<Target> {
    const dir = mkdtempSync(join(tmpdir(), 'oichat-fuzz-'));
    const args = ['serve', '--port', '0', '--database', join(dir, 'fuzz.db'), '--log-level', 'error'];
    args.push('--rate-limit', '0', '--user-rate-limit', '0', '--user-message-limit', '0', '--user-read-limit', '0');
    args.push('--user-frame-limit', '0', '--webhooks-allow-private');
    const child = track(
      spawn(process.execPath, ['--inspect=127.0.0.1:0', CLI, ...args], {
        // Webhook attempts to the fuzzer's loopback endpoints fail fast; none is retried for long.
        env: { ...process.env, OICHAT_WEBHOOK_RETRY_SCHEDULE: '1,1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    let out = '';
    child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    const started = await new Promise<{ url: string; credentials: Credentials; inspector: string }>(
      (resolve, reject) => {
        const check = () => {
          const m =
            /OiChat server \S+ listening on (\S+)[\s\S]*project id: (\S+)\s+api key:\s+(\S+)\s+secret key: (\S+)/.exec(
              out,
            );
          const inspector = /Debugger listening on (ws:\/\/\S+)/.exec(out)?.[1];
          if (m && inspector) {
            resolve({ url: m[1]!, credentials: { project_id: m[2]!, api_key: m[3]!, secret_key: m[4]! }, inspector });
          }
        };
        child.stdout!.on('data', (c: Buffer) => {
          out += c.toString();
          check();
        });
        child.stderr!.on('data', check);
        child.once('exit', (code) => reject(new Error(`oichat serve exited with ${code}: ${out}`)));
      },
    );
    const target = new Target(child, started.url, started.credentials, dir, started.inspector);
    const keep = (c: Buffer) => {
      target.#output = (target.#output + c.toString()).slice(-20_000);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    return target;
  }

  /** Null while it runs; how it ended otherwise. */
  get exited(): { code: number | null; signal: string | null } | null {
    return this.#exit;
  }

  /** The last lines it printed (error logs, a crash's stack). */
  get output(): string {
    return this.#output;
  }

  rss(): number {
    return this.#exit ? 0 : rssBytes(this.child.pid!);
  }

  /** The V8 heap in use right after a full garbage collection: what the server holds on to. */
  async heapUsed(): Promise<number> {
    const snapshot = await memory({ pid: this.child.pid!, inspectorUrl: this.inspectorUrl });
    return snapshot.heapUsed ?? 0;
  }

  async stop(): Promise<void> {
    await stopChild(this.child, 10_000);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
