// npm run bench:cluster: OiChat as 1, 2 and 3 nodes on one PostgreSQL and one Redis, measured in
// the same run, so the 2- and 3-node figures can be read against the 1-node baseline.
//
// For each cluster size: a fresh PostgreSQL database, a private redis-server on a free port, and
// N `oichat serve` processes. ROOMS rooms of MEMBERS members; member j of a room connects its
// WebSocket to node j % N, so almost every message crosses nodes through Redis. Then WINDOW
// senders in a closed loop send messages through the server SDK for SECONDS seconds (after a
// warm-up), each to the next node in turn. A message's latency, per recipient, is the time from
// just before `messages.send()` to that client's `message.created` frame. Every delivery is
// checked: a message lost or received twice makes the run fail.
//
// Printed per size: messages/s accepted, deliveries/s, delivery latency p50/p99, send call p99,
// the CPU per message of the nodes, of the database's PostgreSQL backends and of Redis, the cores
// they and the bench's own process (senders and recipients) used, the sessions waiting on a
// database lock (sampled every 100 ms), and the ratio against 1 node. On a 2-core machine that also hosts PostgreSQL, Redis and every
// client, more nodes add coordination (Redis hops, a shared database) without adding cores: read
// the ratios as the cost of clustering here, not as the scaling of a cluster on separate machines.
//
// Needs PostgreSQL (OICHAT_BENCH_POSTGRES_URL, else OICHAT_TEST_POSTGRES_URL, else
// postgres://postgres@127.0.0.1:5432/postgres; the role must be allowed to create databases) and
// /usr/bin/redis-server (REDIS_SERVER overrides). Sizes: CLUSTER_NODES (default "1,2,3"),
// CLUSTER_ROOMS (50), CLUSTER_MEMBERS (10), CLUSTER_WINDOW (32), CLUSTER_SECONDS (10),
// CLUSTER_WARMUP_SECONDS (10). Last, the database floor (bench/cluster/database-floor.ts: pgbench
// running a send's SQL with no node at all; CLUSTER_FLOOR=0 skips it).
//
// Runs as plain TypeScript on Node >= 22.18 once the server and the server SDK are built.

import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { WebSocket } from 'ws';
import { envNumber, int, machineSummary, ms, pool, ratio, Samples } from './lib/measure.ts';
import { cpuOf } from './lib/proc-stats.ts';
import { CLI, killChildren, loadSdk, runCli, stopChild, track, type SdkClass } from './lib/processes.ts';
import { databaseFloorReport } from './cluster/database-floor.ts';

const SIZES = (process.env.CLUSTER_NODES ?? '1,2,3').split(',').map((n) => {
  const size = Number(n);
  if (!Number.isInteger(size) || size < 1)
    throw new Error(`CLUSTER_NODES must list node counts such as 1,2,3; got "${n}"`);
  return size;
});
const ROOMS = envNumber('CLUSTER_ROOMS', 50);
const MEMBERS = envNumber('CLUSTER_MEMBERS', 10);
const WINDOW = envNumber('CLUSTER_WINDOW', 32);
const SECONDS = envNumber('CLUSTER_SECONDS', 10);
// Long enough for V8 to optimize the nodes' hot code (bench:rest measured the compiler's share).
const WARMUP_SECONDS = envNumber('CLUSTER_WARMUP_SECONDS', 10);
const POSTGRES_URL =
  process.env.OICHAT_BENCH_POSTGRES_URL ??
  process.env.OICHAT_TEST_POSTGRES_URL ??
  'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_SERVER = process.env.REDIS_SERVER ?? '/usr/bin/redis-server';
const MASTER_KEY = randomBytes(32).toString('hex');
const PUBLIC_URL = 'http://oichat-cluster-bench.invalid';

// The part of @oichat/server-sdk used here, imported from its build at run time.
interface Sdk {
  auth: { createToken(params: { user_id: string }): Promise<{ token: string }> };
  rooms: { create(params: { type: 'group'; participants: string[] }): Promise<{ room_id: string }> };
  messages: { send(params: { room_id: string; sender_id: string; content: string }): Promise<{ seq: number }> };
}
type SdkConstructor = SdkClass<Sdk>;
interface Credentials {
  project_id: string;
  api_key: string;
  secret_key: string;
}

// ------------------------------------------------------------------------------ processes

/** Resolves with the first match of `pattern` in what the child prints; rejects if it exits first. */
function awaitOutput(child: ChildProcess, pattern: RegExp, what: string): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${what} did not start within 30 s:\n${out}`)), 30_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const match = pattern.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    };
    // The start banner ("listening on …") is on stderr, the JSON logs on stdout.
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with ${code}:\n${out}`));
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function startRedis(): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = track(
    spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  await awaitOutput(child, /Ready to accept connections/, 'redis-server');
  return { url: `redis://127.0.0.1:${port}`, child };
}

const env = () => ({ ...process.env, OICHAT_MASTER_KEY: MASTER_KEY });

async function createProject(database: string): Promise<Credentials> {
  return JSON.parse(
    await runCli(['projects', 'create', '--name', 'bench', '--database', database, '--json'], env()),
  ) as Credentials;
}

async function startNode(database: string, redisUrl: string): Promise<{ url: string; child: ChildProcess }> {
  const args = [
    'serve',
    '--port',
    '0',
    '--database',
    database,
    '--redis',
    redisUrl,
    '--public-url',
    PUBLIC_URL,
    '--rate-limit',
    '0',
    '--log-level',
    'warn',
  ];
  const child = track(spawn(process.execPath, [CLI, ...args], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] }));
  const match = await awaitOutput(child, /listening on (http:\/\/\S+)/, 'oichat serve');
  return { url: match[1]!, child };
}

const stop = (child: ChildProcess) => stopChild(child, 10_000);

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function freshDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `oichat_bench_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {}),
  };
}

// ------------------------------------------------------------------------------ one cluster size

interface Result {
  nodes: number;
  sent: number;
  seconds: number;
  deliveries: number;
  latency: Samples;
  sendTime: Samples;
  errors: number;
  firstError: string | null;
  /** Sessions of the database waiting on a lock, sampled every 100 ms while measuring. */
  lockWaits: Samples;
  /** The statements most often seen waiting, with the lock they waited for. */
  lockedBy: string;
  /** CPU seconds over the measured time: the OiChat nodes, this database's PostgreSQL backends, Redis. */
  cpu: { nodes: number; postgres: number; redis: number; bench: number };
}

/** CPU used between two snapshots; a process born in between counts from zero. */
function cpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let sum = 0;
  for (const [pid, cpu] of after) sum += cpu - (before.get(pid) ?? 0);
  return sum;
}

const MARK = 'cb:';

async function measure(nodeCount: number, OiChat: SdkConstructor): Promise<Result> {
  const db = await freshDatabase();
  const redis = await startRedis();
  const nodes: { url: string; child: ChildProcess }[] = [];
  const sockets: WebSocket[] = [];
  try {
    const creds = await createProject(db.url);
    for (let i = 0; i < nodeCount; i++) nodes.push(await startNode(db.url, redis.url));
    const sdks = nodes.map(
      (n) =>
        new OiChat({
          apiKey: creds.api_key,
          secretKey: creds.secret_key,
          projectId: creds.project_id,
          baseUrl: n.url,
          maxRetries: 0,
          timeout: 30_000,
        }),
    );
    const rooms = await pool(
      Array.from({ length: ROOMS }, (_, r) => r),
      8,
      (r) =>
        sdks[0]!.rooms.create({
          type: 'group',
          participants: Array.from({ length: MEMBERS }, (_, m) => `r${r}-u${m}`),
        }),
    );
    const members = rooms.flatMap((_, r) =>
      Array.from({ length: MEMBERS }, (_, m) => ({ user: `r${r}-u${m}`, node: m % nodeCount })),
    );
    const tokens = await pool(
      members,
      16,
      async (m) => (await sdks[m.node]!.auth.createToken({ user_id: m.user })).token,
    );

    // Delivery bookkeeping: when each message was sent, and how many recipients still miss it.
    const sentAt: number[] = [];
    const remaining: number[] = [];
    const measured: boolean[] = [];
    const latency = new Samples();
    let deliveries = 0;
    let duplicates = 0;
    const seen = new Set<string>();
    const onFrame = (socketIndex: number, data: Buffer) => {
      const text = data.toString();
      const at = text.indexOf(`"content":"${MARK}`);
      if (at < 0) return;
      const index = Number.parseInt(text.slice(at + 11 + MARK.length), 10);
      const key = `${socketIndex}:${index}`;
      if (seen.has(key)) {
        duplicates++;
        return;
      }
      seen.add(key);
      remaining[index]!--;
      if (measured[index]) {
        latency.push(performance.now() - sentAt[index]!);
        deliveries++;
      }
    };
    await pool(tokens, 50, async (token, i) => {
      const ws = new WebSocket(nodes[members[i]!.node]!.url.replace(/^http/, 'ws') + '/v1/realtime', {
        perMessageDeflate: false,
      });
      sockets.push(ws);
      await new Promise<void>((resolve, reject) => {
        ws.once('error', reject);
        ws.on('message', (data: Buffer) => {
          if (data.includes('"type":"ready"')) resolve();
          else onFrame(i, data);
        });
        ws.once('open', () => ws.send(JSON.stringify({ type: 'auth', token })));
      });
    });

    const sendTime = new Samples();
    const lockWaits = new Samples();
    const waitedOn = new Map<string, number>();
    const warmupEnd = performance.now() + WARMUP_SECONDS * 1000;
    const sampler = new pg.Client({ connectionString: db.url });
    await sampler.connect();
    let sampling = true;
    const sampled = (async () => {
      while (sampling) {
        const r = await sampler.query(
          "select wait_event, left(query, 60) as query from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
        );
        if (performance.now() >= warmupEnd) {
          lockWaits.push(r.rows.length);
          for (const row of r.rows as { wait_event: string; query: string }[]) {
            const what = `${row.wait_event}: ${row.query.replace(/\s+/g, ' ')}`;
            waitedOn.set(what, (waitedOn.get(what) ?? 0) + 1);
          }
        }
        await sleep(100);
      }
    })();
    // The backends serving this database (the nodes' pools), the nodes and Redis: their CPU over the measured time.
    const snapshot = async () => {
      const backends = await sampler.query(
        'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
      );
      return {
        nodes: cpuOf(nodes.map((n) => n.child.pid!)),
        postgres: cpuOf((backends.rows as { pid: number }[]).map((r) => r.pid)),
        redis: cpuOf([redis.child.pid!]),
        // This process: the senders and every recipient's socket.
        bench: process.cpuUsage(),
      };
    };
    const started = sleep(Math.max(0, warmupEnd - performance.now())).then(snapshot);
    let next = 0;
    let errors = 0;
    let firstError: string | null = null;
    let measuring = false;
    let measuredSent = 0;
    const end = warmupEnd + SECONDS * 1000;
    await Promise.all(
      Array.from({ length: WINDOW }, async () => {
        while (performance.now() < end) {
          const index = next++;
          const room = rooms[index % ROOMS]!;
          measuring ||= performance.now() >= warmupEnd;
          measured[index] = measuring;
          remaining[index] = MEMBERS;
          const t0 = performance.now();
          sentAt[index] = t0;
          try {
            await sdks[index % nodeCount]!.messages.send({
              room_id: room.room_id,
              sender_id: 'system',
              content: `${MARK}${index}`,
            });
            if (measuring) {
              sendTime.push(performance.now() - t0);
              measuredSent++;
            }
          } catch (err) {
            errors++;
            remaining[index] = 0;
            firstError ??= String(err);
          }
        }
      }),
    );
    const seconds = (performance.now() - warmupEnd) / 1000;
    const [cpu0, cpu1] = [await started, await snapshot()];
    const cpu = {
      nodes: cpuBetween(cpu0.nodes, cpu1.nodes),
      postgres: cpuBetween(cpu0.postgres, cpu1.postgres),
      redis: cpuBetween(cpu0.redis, cpu1.redis),
      bench: (cpu1.bench.user + cpu1.bench.system - cpu0.bench.user - cpu0.bench.system) / 1e6,
    };
    sampling = false;
    await sampled;
    await sampler.end();
    const top = [...waitedOn].sort((a, b) => b[1] - a[1]).slice(0, 3);
    const lockedBy = top.map(([what, n]) => `${n}× ${what}`).join('; ');
    // Let the last deliveries arrive, then check none is missing.
    const deadline = performance.now() + 15_000;
    while (remaining.some((r) => r > 0) && performance.now() < deadline) await sleep(50);
    const missing = remaining.reduce((sum, r) => sum + Math.max(0, r), 0);
    if (missing > 0 || duplicates > 0)
      throw new Error(`${nodeCount} node(s): ${missing} deliveries missing, ${duplicates} duplicated`);
    return {
      nodes: nodeCount,
      sent: measuredSent,
      seconds,
      deliveries,
      latency,
      sendTime,
      errors,
      firstError,
      lockWaits,
      lockedBy,
      cpu,
    };
  } finally {
    for (const ws of sockets) ws.terminate();
    await Promise.all(nodes.map((n) => stop(n.child)));
    await stop(redis.child);
    await db.drop();
  }
}

// ------------------------------------------------------------------------------ report

function report(results: Result[]): string[] {
  const base = results[0]!;
  const rows: [string, (r: Result) => number, (v: number) => string][] = [
    ['messages/s', (r) => r.sent / r.seconds, int],
    ['deliveries/s', (r) => r.deliveries / r.seconds, int],
    ['delivery latency p50', (r) => r.latency.percentile(0.5), ms],
    ['delivery latency p99', (r) => r.latency.percentile(0.99), ms],
    ['send call p99', (r) => r.sendTime.percentile(0.99), ms],
    ['OiChat nodes CPU µs per message', (r) => (r.cpu.nodes / r.sent) * 1e6, int],
    ['PostgreSQL CPU µs per message', (r) => (r.cpu.postgres / r.sent) * 1e6, int],
    ['Redis CPU µs per message', (r) => (r.cpu.redis / r.sent) * 1e6, int],
    ['server cores (of 2)', (r) => (r.cpu.nodes + r.cpu.postgres + r.cpu.redis) / r.seconds, (v) => v.toFixed(2)],
    ['bench client cores', (r) => r.cpu.bench / r.seconds, (v) => v.toFixed(2)],
    ['lock waits p50 (sessions)', (r) => r.lockWaits.percentile(0.5), (v) => v.toFixed(0)],
    ['lock waits max (sessions)', (r) => r.lockWaits.percentile(1), (v) => v.toFixed(0)],
  ];
  const head = [
    '',
    ...results.map((r) => `${r.nodes} node${r.nodes > 1 ? 's' : ''}`),
    ...results.slice(1).map((r) => `${r.nodes} / ${base.nodes}`),
  ];
  const lines = [head.map((h, i) => (i === 0 ? h.padEnd(24) : h.padStart(12))).join('')];
  for (const [label, value, format] of rows) {
    const cells = [
      ...results.map((r) => format(value(r))),
      ...results.slice(1).map((r) => ratio(value(r), value(base))),
    ];
    lines.push(label.padEnd(24) + cells.map((c) => c.padStart(12)).join(''));
  }
  for (const r of results) if (r.lockedBy) lines.push(`waiting most, ${r.nodes} node(s): ${r.lockedBy}`);
  for (const r of results)
    if (r.errors > 0) lines.push(`ERROR ${r.nodes} node(s): ${r.errors} sends failed, first: ${r.firstError}`);
  return lines;
}

async function main(): Promise<void> {
  process.once('exit', killChildren);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      killChildren();
      process.exit(130);
    });
  }
  const OiChat = await loadSdk<SdkConstructor>();
  console.log(
    `cluster bench: ${machineSummary()}\n` +
      `${ROOMS} rooms of ${MEMBERS} members, member j of a room on node j % N; ${WINDOW} senders in a closed loop through the server SDK, ` +
      `${SECONDS} s after ${WARMUP_SECONDS} s of warm-up; PostgreSQL and Redis on this machine\n`,
  );
  const results: Result[] = [];
  for (const size of SIZES) {
    process.stdout.write(`  ${size} node(s)…`);
    const result = await measure(size, OiChat);
    process.stdout.write(` ${int(result.sent / result.seconds)} messages/s\n`);
    results.push(result);
  }
  console.log('');
  console.log(report(results).join('\n'));
  if (results.some((r) => r.errors > 0)) process.exitCode = 1;
  if (process.env.CLUSTER_FLOOR === '0') return;
  const db = await freshDatabase();
  try {
    const { project_id } = await createProject(db.url);
    const floor = await databaseFloorReport(db.url, project_id, { clients: WINDOW, seconds: SECONDS, rooms: ROOMS });
    console.log(`\n${floor.join('\n')}`);
  } finally {
    await db.drop();
  }
}

try {
  await main();
} catch (err) {
  console.error(err);
  process.exitCode = 1;
}
