/**
 * A connection surge against a real `oichat serve` process with few file descriptors (ulimit -n
 * 256), as issue 10 found it at scale: one user token opening socket after socket, an address
 * opening upgrades it never authenticates, and connections that stop mid-headers or mid-body.
 * Without the caps and timeouts each of these holds a descriptor per connection until the
 * process cannot accept any more, /healthz included. With them the server closes the right
 * sockets (the user's oldest, the address's excess, the stalled requests with 408) and /healthz
 * answers throughout.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { assertCliBuilt, CLI, cliEnv } from '../helpers/cli.js';
import { rawConnect } from '../helpers/raw-socket.js';
import { SignedClient } from '../helpers/signed-client.js';
import { uniqueUser } from '../helpers/test-server.js';
import { TestSocket } from '../helpers/ws-client.js';

const FILE_DESCRIPTORS = 256;
const SURGE = 300; // more connections than the process has descriptors
const PER_USER = 20; // the default
const PER_IP = 50; // the default
const REQUEST_TIMEOUT_MS = 1000;

let child: ChildProcess;
let url: string;
let client: SignedClient;
const dir = mkdtempSync(join(tmpdir(), 'oichat-surge-'));

beforeAll(async () => {
  assertCliBuilt();
  const args = [CLI, 'serve', '--port', '0', '--database', join(dir, 'surge.db'), '--log-level', 'warn'];
  args.push('--http-request-timeout-ms', String(REQUEST_TIMEOUT_MS), '--http-headers-timeout-ms', '500');
  child = spawn('bash', ['-c', `ulimit -n ${FILE_DESCRIPTORS} && exec "$0" "$@"`, process.execPath, ...args], {
    env: cliEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  const credentials = await new Promise<{ project_id: string; api_key: string; secret_key: string }>(
    (resolve, reject) => {
      // The start banner, with the new project's credentials, is on stderr.
      child.stderr!.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /listening on (\S+)[\s\S]*project id: (\S+)\s+api key:\s+(\S+)\s+secret key: (\S+)/.exec(out);
        if (m) {
          url = m[1]!;
          resolve({ project_id: m[2]!, api_key: m[3]!, secret_key: m[4]! });
        }
      });
      child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
    },
  );
  client = new SignedClient(url, credentials);
});

afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
  }
  rmSync(dir, { recursive: true, force: true });
});

async function healthz(): Promise<number> {
  const res = await fetch(`${url}/healthz`);
  await res.text();
  return res.status;
}

/** Runs fn for 0…n-1, at most `width` at a time. */
async function inBatches<T>(n: number, width: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i += width) {
    out.push(...(await Promise.all(Array.from({ length: Math.min(width, n - i) }, (_, j) => fn(i + j)))));
  }
  return out;
}

describe('a connection surge', () => {
  it('keeps one user to their newest sockets, closing the oldest, and /healthz answers', async () => {
    const token = (await client.post('/v1/auth/token', { user_id: uniqueUser() })).body.token as string;
    const mine = await inBatches(SURGE, 20, () => TestSocket.connect(url, token));
    expect(await healthz()).toBe(200);
    const closes = await Promise.all(mine.slice(0, SURGE - PER_USER).map((s) => s.closed));
    expect(new Set(closes.map((c) => c.code))).toEqual(new Set([4010]));
    const kept = mine.slice(SURGE - PER_USER);
    for (const [i, s] of kept.entries()) {
      s.send({ type: 'ping', id: `k${i}` });
      await s.waitFor((f) => f.type === 'pong');
    }
    for (const s of kept) s.ws.terminate();
    expect(await healthz()).toBe(200);
  });

  it('refuses the upgrades of an address past its unauthenticated sockets, and /healthz answers', async () => {
    const outcomes = await inBatches(SURGE, 50, async () => {
      const ws = new WebSocket(url.replace('http', 'ws') + '/v1/realtime');
      ws.on('error', () => {});
      return new Promise<{ ws: WebSocket; status: number }>((resolve) => {
        ws.once('open', () => resolve({ ws, status: 101 }));
        ws.once('unexpected-response', (_req, res) => {
          res.resume();
          resolve({ ws, status: res.statusCode! });
        });
      });
    });
    expect(await healthz()).toBe(200);
    const accepted = outcomes.filter((o) => o.status === 101);
    expect(accepted).toHaveLength(PER_IP);
    expect(outcomes.filter((o) => o.status === 429)).toHaveLength(SURGE - PER_IP);
    for (const { ws } of outcomes) ws.terminate();
  });

  it('answers 408 and closes connections stalled mid-headers or mid-body, and /healthz answers meanwhile', async () => {
    const stalled = await inBatches(100, 50, async (i) => {
      const socket = await rawConnect(url);
      let answer = '';
      socket.on('data', (c: Buffer) => (answer += c.toString()));
      const closed = new Promise<void>((r) => socket.once('close', () => r()));
      socket.write(
        i % 2
          ? 'POST /v1/rooms HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"type":'
          : 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ',
      );
      return { closed, answer: () => answer };
    });
    expect(await healthz()).toBe(200);
    await Promise.all(stalled.map((s) => s.closed));
    for (const s of stalled) expect(s.answer()).toMatch(/^HTTP\/1\.1 408 /);
    expect(await healthz()).toBe(200);
  });
});
