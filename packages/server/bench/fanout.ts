// npm run bench:fanout: realtime fan-out through OiChat, end to end, against a bare WebSocket
// broadcast server measured in the same run (bench/fanout-baseline.ts: same wire shapes, one
// JSON.stringify per message, no auth, no database: the floor on this machine).
//
// Each server runs as its own child process, so its CPU time and memory are its own; this process
// holds every client socket (ws, perMessageDeflate off) and sends every message. A message's
// latency, for each recipient, is the time from just before `oichat.messages.send()` (or the
// baseline's POST) to that client's `message.created` frame: SDK signing, HTTP, the SQLite
// transaction, the fan-out, the kernel and the client's read are all in it. Both ends use this
// process's performance.now(); the content (`fo:<index>:<epoch ms>`) carries the message's index
// and its send time.
//
// Scenario 1: 1 000 members in one room; 100 messages/s for 10 s (1 000 000 deliveries). Both
//             servers stay up and the rounds alternate between them, so that load from other
//             processes, which comes and goes, falls on both alike.
// Scenario 2: 10 000 connections in 1 000 rooms of 10; server memory per idle connection (RSS
//             and V8 heap after a GC forced through the inspector, on a server restarted after
//             the setup requests); then 200 messages/s round-robin over the rooms. One server
//             after the other: 2 x 10 000 client sockets would not fit in `ulimit -n`.
// Sends are open loop (on schedule, whatever the server's pace). A "max" phase then sends as fast
// as deliveries complete, with at most FANOUT_WINDOW messages not yet received by every member:
// the deliveries/s each server sustains. Each phase also reports the server's CPU time per
// delivery, how long its main thread waited for a CPU, and the machine's CPU pressure (PSI):
// on a shared machine latency says as much about the neighbours as about the server.
//
// Targets (2-core machine): p99 < 50 ms in scenario 1; < 10 KB server RSS per idle connection.
// A missed target prints FAIL, as do sends that got no answer in time (OVERLOAD); the exit code is
// non-zero only when the bench itself fails (a server does not start, a request is refused, a
// connection drops, deliveries are lost or repeated).
//
// Flags: --scenario=1|2 (default both); --cpu-prof: profile the OiChat server through the
// inspector during the paced phase, print its hottest functions, keep the .cpuprofile files.
// Sizes and durations: FANOUT_MEMBERS, FANOUT_RATE, FANOUT_CONNECTIONS, FANOUT_ROOMS,
// FANOUT_SPREAD_RATE, FANOUT_SECONDS, FANOUT_WARMUP_SECONDS, FANOUT_MAX_SECONDS, FANOUT_WINDOW,
// FANOUT_ROUNDS, FANOUT_BATCH (connections opened at a time). The databases live in a temporary
// folder (TMPDIR) removed at the end, also on Ctrl-C.
//
// Runs as plain TypeScript on Node >= 22.18 (type stripping) once the server and the server SDK
// are built: node packages/server/bench/fanout.ts

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { envNumber, int, machineSummary, ms, pool, ratio, Samples } from './lib/measure.ts';
import { CLI, killChildren, loadSdk, runCli, stopChild, track } from './lib/processes.ts';

// ------------------------------------------------------------------------------ settings

const MEMBERS = envNumber('FANOUT_MEMBERS', 1000);
const RATE = envNumber('FANOUT_RATE', 100);
const CONNECTIONS = envNumber('FANOUT_CONNECTIONS', 10_000);
const ROOMS = envNumber('FANOUT_ROOMS', 1000);
const SPREAD_RATE = envNumber('FANOUT_SPREAD_RATE', 200);
const SECONDS = envNumber('FANOUT_SECONDS', 10);
const WARMUP_SECONDS = envNumber('FANOUT_WARMUP_SECONDS', 2);
const MAX_SECONDS = envNumber('FANOUT_MAX_SECONDS', 5);
const WINDOW = envNumber('FANOUT_WINDOW', 16);
const BATCH = envNumber('FANOUT_BATCH', 200);
const ROUNDS = envNumber('FANOUT_ROUNDS', 5);
const P99_TARGET_MS = 50;
const MEMORY_TARGET_BYTES = 10 * 1024;
const ROOM_CREATE_MAX = 500; // a room is created with at most 500 participants, then grows

const args = process.argv.slice(2);
const CPU_PROF = args.includes('--cpu-prof');
const onlyScenario = args.find((a) => a.startsWith('--scenario='))?.split('=')[1];

const HERE = dirname(fileURLToPath(import.meta.url));
const BASELINE = join(HERE, 'fanout-baseline.ts');

// The part of @oichat/server-sdk used here. Imported at run time from its build, so that the
// server package's typecheck does not depend on the SDK having been built.
interface Sdk {
  auth: { createToken(params: { user_id: string }): Promise<{ token: string }> };
  rooms: {
    create(params: { type: 'group'; name?: string; participants: string[] }): Promise<{ room_id: string }>;
    addParticipant(roomId: string, params: { user_id: string }): Promise<unknown>;
  };
  messages: { send(params: { room_id: string; sender_id: string; content: string }): Promise<unknown> };
}
type SdkConstructor = new (options: {
  apiKey: string;
  secretKey: string;
  projectId: string;
  baseUrl: string;
  maxRetries?: number;
  timeout?: number;
}) => Sdk;

// ------------------------------------------------------------------------------ child processes

let tmp = '';

interface Server {
  kind: 'OiChat' | 'bare ws';
  proc: ChildProcess;
  pid: number;
  baseUrl: string;
  inspectorUrl: string | null;
  output: string[];
}

/** Spawns a server and resolves once it prints its URL (and, with --inspect, its inspector URL). */
function startServer(
  kind: Server['kind'],
  scriptArgs: string[],
  env: NodeJS.ProcessEnv,
  inspect: boolean,
): Promise<Server> {
  const proc = spawn(process.execPath, [...(inspect ? ['--inspect=127.0.0.1:0'] : []), ...scriptArgs], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  track(proc);
  const output: string[] = [];
  return new Promise((resolve, reject) => {
    let baseUrl: string | null = null;
    let inspectorUrl: string | null = null;
    let settled = false;
    const timer = setTimeout(() => fail(new Error(`${kind} server did not start within 30 s`)), 30_000);
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      proc.kill('SIGKILL');
      reject(new Error(`${err.message}\n${output.slice(-20).join('\n')}`));
    };
    const check = () => {
      if (!settled && baseUrl && (inspectorUrl || !inspect)) {
        settled = true;
        clearTimeout(timer);
        resolve({ kind, proc, pid: proc.pid!, baseUrl, inspectorUrl, output });
      }
    };
    const watch = (stream: NodeJS.ReadableStream) => {
      let rest = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        const lines = (rest + chunk).split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) {
          output.push(line);
          if (output.length > 200) output.shift();
          const listening = /listening on (http:\/\/\S+)/.exec(line);
          if (listening && !baseUrl) baseUrl = listening[1]!;
          const debug = /Debugger listening on (ws:\/\/\S+)/.exec(line);
          if (debug && !inspectorUrl) inspectorUrl = debug[1]!;
        }
        check();
      });
    };
    watch(proc.stdout!);
    watch(proc.stderr!);
    proc.once('exit', (code, signal) => fail(new Error(`${kind} server exited (${code ?? signal}) before listening`)));
  });
}

const stopServer = (server: Server) => stopChild(server.proc, 15_000);

function killEverything(): void {
  killChildren();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
}

// ------------------------------------------------------------------------------ /proc and inspector

function rssBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for ${pid}`);
  return Number(match[1]) * 1024;
}

/** CPU seconds (user + system) a process has used so far. USER_HZ is 100 on Linux. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The main thread's time on a CPU and time runnable but waiting for one, in seconds. */
function schedSeconds(pid: number): { run: number; wait: number } {
  const [run, wait] = readFileSync(`/proc/${pid}/schedstat`, 'utf8').trim().split(' ').map(Number);
  return { run: run! / 1e9, wait: wait! / 1e9 };
}

/** Seconds, since boot, during which some runnable task of the machine waited for a CPU (PSI), or null. */
function cpuPressureSeconds(): number | null {
  try {
    const match = /^some .* total=(\d+)/m.exec(readFileSync('/proc/pressure/cpu', 'utf8'));
    return match ? Number(match[1]) / 1e6 : null;
  } catch {
    return null;
  }
}

/** A Chrome DevTools protocol session on a child's inspector: forced GC, heap size, CPU profiles. */
class Inspector {
  #id = 0;
  readonly #pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();

  readonly ws: WebSocket;

  private constructor(ws: WebSocket) {
    this.ws = ws;
    ws.on('message', (data) => {
      const reply = JSON.parse(String(data)) as { id?: number; result?: unknown; error?: { message: string } };
      const pending = reply.id === undefined ? undefined : this.#pending.get(reply.id);
      if (!pending) return;
      this.#pending.delete(reply.id!);
      if (reply.error) pending.reject(new Error(reply.error.message));
      else pending.resolve(reply.result);
    });
  }

  static async open(url: string): Promise<Inspector> {
    const ws = new WebSocket(url, { perMessageDeflate: false, maxPayload: 1024 * 1024 * 1024 });
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    return new Inspector(ws);
  }

  call<T = any>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = ++this.#id;
    this.ws.send(JSON.stringify({ id, method, params }));
    return new Promise((resolve, reject) => this.#pending.set(id, { resolve, reject }));
  }

  async close(): Promise<void> {
    const closed = new Promise((resolve) => this.ws.once('close', resolve));
    this.ws.close();
    await closed;
  }
}

interface MemorySnapshot {
  rss: number;
  /** V8 heap in use. */
  heapUsed: number | null;
  /** Memory behind ArrayBuffers and Buffers (outside the V8 heap, inside RSS). */
  buffers: number | null;
}

/** The server's RSS, and its V8 heap in use, both right after a full garbage collection. */
async function memory(server: Server): Promise<MemorySnapshot> {
  if (!server.inspectorUrl) return { rss: rssBytes(server.pid), heapUsed: null, buffers: null };
  const inspector = await Inspector.open(server.inspectorUrl);
  try {
    await inspector.call('HeapProfiler.collectGarbage');
    await inspector.call('HeapProfiler.collectGarbage');
    const heap = await inspector.call<{ usedSize: number; backingStorageSize?: number }>('Runtime.getHeapUsage');
    await sleep(200);
    return { rss: rssBytes(server.pid), heapUsed: heap.usedSize, buffers: heap.backingStorageSize ?? null };
  } finally {
    await inspector.close();
  }
}

interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    hitCount?: number;
    children?: number[];
  }[];
  samples?: number[];
  startTime: number;
  endTime: number;
}

/** Starts a CPU profile of the child; the returned function stops it and returns the profile. */
async function startProfile(server: Server): Promise<() => Promise<CpuProfile>> {
  const inspector = await Inspector.open(server.inspectorUrl!);
  await inspector.call('Profiler.enable');
  await inspector.call('Profiler.setSamplingInterval', { interval: 500 });
  await inspector.call('Profiler.start');
  return async () => {
    const { profile } = await inspector.call<{ profile: CpuProfile }>('Profiler.stop');
    await inspector.close();
    return profile;
  };
}

/**
 * Self time by area (package) and by function, the hottest first, over several profiles. Native
 * frames without a script (a C++ binding such as better-sqlite3's statement step or a socket
 * write) are named after the JavaScript function that called them.
 */
function profileSummary(profiles: CpuProfile[], top = 15): string[] {
  const self = new Map<string, number>();
  const byArea = new Map<string, number>();
  let total = 0;
  let idle = 0;
  const where = (url: string, line: number) =>
    url
      ? `${url
          .replace(/^file:\/\//, '')
          .replace(/^.*\/node_modules\//, '')
          .replace(/^.*\/packages\/server\//, '')}:${line + 1}`
      : '';
  const areaOf = (url: string) =>
    url.startsWith('node:')
      ? 'node core'
      : (/node_modules\/(@[^/]+\/[^/]+|[^/]+)/.exec(url)?.[1] ??
        (url.includes('/packages/server/') ? 'oichat server' : url));
  for (const profile of profiles) {
    const parent = new Map<number, number>();
    for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    for (const node of profile.nodes) {
      const hits = node.hitCount ?? 0;
      if (!hits) continue;
      if (node.callFrame.functionName === '(idle)') {
        idle += hits;
        continue;
      }
      total += hits;
      const { functionName, url, lineNumber } = node.callFrame;
      let label: string;
      let area: string;
      if (url) {
        label = `${functionName || '(anonymous)'}  ${where(url, lineNumber)}`;
        area = areaOf(url);
      } else if (/^\((program|idle|garbage collector|root)\)$/.test(functionName)) {
        label = area = functionName;
      } else {
        const caller = byId.get(parent.get(node.id) ?? -1)?.callFrame;
        label = `${functionName || 'native code'} (native) called by ${caller ? `${caller.functionName || '(anonymous)'}  ${where(caller.url, caller.lineNumber)}` : '?'}`;
        area = caller?.url ? `${areaOf(caller.url)} (native)` : '(native)';
      }
      self.set(label, (self.get(label) ?? 0) + hits);
      byArea.set(area, (byArea.get(area) ?? 0) + hits);
    }
  }
  const pct = (n: number) => `${((n / (total || 1)) * 100).toFixed(1).padStart(5)} %`;
  const lines = [`  OiChat server self time by area (% of ${total} busy samples; ${idle} more found it idle):`];
  for (const [area, hits] of [...byArea].sort((x, y) => y[1] - x[1]).slice(0, 12))
    lines.push(`    ${pct(hits)}  ${area}`);
  lines.push('  hottest functions (self time):');
  for (const [label, hits] of [...self].sort((x, y) => y[1] - x[1]).slice(0, top))
    lines.push(`    ${pct(hits)}  ${label}`);
  return lines;
}

// ------------------------------------------------------------------------------ measurement

interface Phase {
  name: string;
  latency: Samples;
  /** How long each send call took (HTTP round trip as the sender sees it). */
  sendTime: Samples;
  sent: number;
  expected: number;
  delivered: number;
  duplicates: number;
  sendErrors: number;
  /** Sends that failed for want of an answer (connect or response timeout): the server overloaded. */
  overloadErrors: number;
  firstError: string | null;
  lastDelivery: number;
  /** Milliseconds from each round's first send to its last delivery, summed: the time rates are over. */
  active: number;
  /** How far behind its schedule the paced sender fell at worst (this process being busy). */
  maxSendLag: number;
  serverCpu: number;
  /** Time the server's main thread was runnable but waited for a CPU (other processes had them). */
  serverWait: number;
  /** Time during which some task of the machine waited for a CPU (PSI "some"), or NaN. */
  pressure: number;
  benchCpu: number;
  wall: number;
  profile: string[] | null;
}

function newPhase(name: string): Phase {
  return {
    name,
    latency: new Samples(),
    sendTime: new Samples(),
    sent: 0,
    expected: 0,
    delivered: 0,
    duplicates: 0,
    sendErrors: 0,
    overloadErrors: 0,
    firstError: null,
    lastDelivery: 0,
    active: 0,
    maxSendLag: 0,
    serverCpu: 0,
    serverWait: 0,
    pressure: 0,
    benchCpu: 0,
    wall: 0,
    profile: null,
  };
}

const CONTENT_MARK = Buffer.from('"content":"fo:');
const READY_MARK = Buffer.from('"type":"ready"');

/**
 * Sends messages, and matches every `message.created` frame any client receives to the message
 * it carries: latency per recipient, and the count of recipients still missing each message.
 */
class Driver {
  readonly #sentAt: number[] = [];
  readonly #phaseOf: (Phase | undefined)[] = [];
  readonly #remaining: number[] = [];
  /** Messages not yet received by every member. */
  inFlight = 0;
  strays = 0;
  otherFrames = 0;
  #wake: (() => void) | null = null;
  /** Messages go to the rooms in turn, across phases and rounds. */
  #nextRoom = 0;

  readonly send: (room: number, content: string) => Promise<unknown>;
  readonly membersOf: (room: number) => number;
  readonly rooms: number;

  constructor(
    send: (room: number, content: string) => Promise<unknown>,
    membersOf: (room: number) => number,
    rooms: number,
  ) {
    this.send = send;
    this.membersOf = membersOf;
    this.rooms = rooms;
  }

  /** Called by a client for each frame after `ready`; must stay cheap (a million per phase). */
  readonly onFrame = (data: Buffer): void => {
    const now = performance.now();
    const at = data.indexOf(CONTENT_MARK);
    if (at < 0) {
      this.otherFrames++; // presence, participant.added…: counted, not measured
      return;
    }
    let index = 0;
    for (let i = at + CONTENT_MARK.length; i < data.length; i++) {
      const c = data[i]!;
      if (c < 48 || c > 57) break;
      index = index * 10 + (c - 48);
    }
    const phase = this.#phaseOf[index];
    if (!phase) {
      this.strays++;
      return;
    }
    const left = --this.#remaining[index]!;
    if (left < 0) {
      phase.duplicates++;
      return;
    }
    phase.latency.push(now - this.#sentAt[index]!);
    phase.delivered++;
    phase.lastDelivery = now;
    if (left === 0) this.#done();
  };

  #done(): void {
    this.inFlight--;
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  }

  async #fire(phase: Phase, room: number): Promise<void> {
    const index = this.#sentAt.length;
    const members = this.membersOf(room);
    this.#phaseOf[index] = phase;
    this.#remaining[index] = members;
    phase.expected += members;
    this.inFlight++;
    const t = performance.now();
    this.#sentAt[index] = t;
    phase.sent++;
    try {
      await this.send(room, `fo:${index}:${(performance.timeOrigin + t).toFixed(3)}`);
      phase.sendTime.push(performance.now() - t);
    } catch (err) {
      // Unreachable or too slow to answer (an overloaded server) is a result; anything else
      // (an API error) means the bench is broken.
      const e = err as Error & { cause?: unknown };
      if (e.name === 'OiChatNetworkError' || (e.name === 'TypeError' && e.message === 'fetch failed'))
        phase.overloadErrors++;
      else phase.sendErrors++;
      phase.firstError ??= `${e.name}: ${e.message}${e.cause ? ` (${String(e.cause)})` : ''}`;
      // Whatever was not delivered yet is not expected any more; later arrivals count as strays.
      const left = this.#remaining[index]!;
      this.#phaseOf[index] = undefined;
      this.#remaining[index] = 0;
      if (left > 0) {
        phase.expected -= left;
        this.#done();
      }
    }
  }

  /** Open loop: `rate` messages per second on schedule, whatever the server's pace. */
  async paced(phase: Phase, rate: number, seconds: number): Promise<void> {
    const total = Math.round(rate * seconds);
    const start = performance.now();
    const sends: Promise<void>[] = [];
    for (let k = 0; k < total; k++) {
      const due = start + (k * 1000) / rate;
      let now = performance.now();
      if (due - now > 1) {
        await sleep(due - now);
        now = performance.now();
      }
      phase.maxSendLag = Math.max(phase.maxSendLag, now - due);
      sends.push(this.#fire(phase, this.#nextRoom++ % this.rooms));
    }
    await Promise.all(sends);
    await this.#drain(phase);
    phase.active += phase.lastDelivery - start;
  }

  /** Closed loop: as fast as deliveries complete, with at most `window` messages under way. */
  async max(phase: Phase, window: number, seconds: number): Promise<void> {
    const start = performance.now();
    const end = start + seconds * 1000;
    const sends: Promise<void>[] = [];
    while (performance.now() < end) {
      if (this.inFlight >= window) {
        const progressed = await Promise.race([
          new Promise<boolean>((resolve) => (this.#wake = () => resolve(true))),
          sleep(10_000, false),
        ]);
        if (!progressed) break; // deliveries stalled; #drain reports what is missing
        continue;
      }
      sends.push(this.#fire(phase, this.#nextRoom++ % this.rooms));
    }
    await Promise.all(sends);
    await this.#drain(phase);
    phase.active += phase.lastDelivery - start;
  }

  /** Waits until every expected delivery arrived, or nothing arrived for 10 s (what is missing is reported). */
  async #drain(phase: Phase): Promise<void> {
    let seen = -1;
    let idleSince = performance.now();
    while (phase.delivered < phase.expected) {
      if (phase.delivered !== seen) {
        seen = phase.delivered;
        idleSince = performance.now();
      } else if (performance.now() - idleSince > 10_000) break;
      await sleep(20);
    }
  }
}

/** The bench's client sockets for one server. */
class Fleet {
  readonly sockets: WebSocket[] = [];
  unexpectedCloses = new Map<number, number>();
  #closing = false;

  readonly url: string;
  readonly onFrame: (data: Buffer) => void;

  constructor(url: string, onFrame: (data: Buffer) => void) {
    this.url = url;
    this.onFrame = onFrame;
  }

  #open(token: string): Promise<WebSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(this.url, { perMessageDeflate: false, skipUTF8Validation: true });
      let ready = false;
      ws.on('open', () => ws.send(JSON.stringify({ type: 'auth', token })));
      ws.on('message', (data) => {
        if (ready) return this.onFrame(data as Buffer);
        if ((data as Buffer).includes(READY_MARK)) {
          ready = true;
          resolve(ws);
        }
      });
      ws.on('error', (err) => {
        if (!ready) reject(err);
      });
      ws.on('close', (code) => {
        if (!ready) reject(new Error(`socket closed with ${code} before ready`));
        else if (!this.#closing) this.unexpectedCloses.set(code, (this.unexpectedCloses.get(code) ?? 0) + 1);
      });
    });
  }

  /** Opens one socket per token, `BATCH` at a time, each waiting for `ready`. Returns the time taken in ms. */
  async connect(tokens: string[]): Promise<number> {
    const start = performance.now();
    for (let i = 0; i < tokens.length; i += BATCH) {
      const batch = await Promise.all(tokens.slice(i, i + BATCH).map((token) => this.#open(token)));
      this.sockets.push(...batch);
    }
    return performance.now() - start;
  }

  /** From now on, the server closing a socket is expected. */
  expectClose(): void {
    this.#closing = true;
  }

  async close(): Promise<void> {
    this.#closing = true;
    const closed = this.sockets.map((ws) =>
      ws.readyState === WebSocket.CLOSED ? null : new Promise((resolve) => ws.once('close', resolve)),
    );
    for (const ws of this.sockets) ws.terminate();
    await Promise.all(closed);
    this.sockets.length = 0;
  }

  get lostCount(): number {
    let n = 0;
    for (const count of this.unexpectedCloses.values()) n += count;
    return n;
  }
}

// ------------------------------------------------------------------------------ targets

/** A server with its rooms set up and its clients' credentials, ready to connect and send to. */
interface Target {
  server: Server;
  wsUrl: string;
  tokens: string[];
  send: (room: number, content: string) => Promise<unknown>;
  /** Server memory snapshot taken before any client connected (only when asked). */
  before: MemorySnapshot | null;
}

interface Layout {
  rooms: number;
  membersPerRoom: number;
}

async function oichatTarget(label: string, layout: Layout, measureMemory: boolean): Promise<Target> {
  const db = join(tmp, `${label}.db`);
  const creds = JSON.parse(
    await runCli(['projects', 'create', '--name', `bench-${label}`, '--database', db, '--json']),
  ) as {
    project_id: string;
    api_key: string;
    secret_key: string;
  };
  const env = { OICHAT_MAX_ROOM_PARTICIPANTS: String(Math.max(500, layout.membersPerRoom)) };
  const serveArgs = [
    CLI,
    'serve',
    '--port',
    '0',
    '--host',
    '127.0.0.1',
    '--database',
    db,
    '--rate-limit',
    '0',
    '--log-level',
    'warn',
    // Tokens name the public URL as issuer: fixed, so that they outlive a restart on another port.
    '--public-url',
    'http://oichat-fanout-bench.invalid',
  ];
  const inspect = measureMemory || CPU_PROF;
  let server = await startServer('OiChat', serveArgs, env, inspect);
  const OiChat = await loadSdk<SdkConstructor>();
  let sdk = new OiChat({
    apiKey: creds.api_key,
    secretKey: creds.secret_key,
    projectId: creds.project_id,
    baseUrl: server.baseUrl,
    maxRetries: 0,
    timeout: 60_000,
  });

  const users = (room: number) => Array.from({ length: layout.membersPerRoom }, (_, m) => `${label}-r${room}-u${m}`);
  const tRooms = performance.now();
  const roomIds = await pool(
    Array.from({ length: layout.rooms }, (_, r) => r),
    16,
    async (r) => {
      const members = users(r);
      const room = await sdk.rooms.create({
        type: 'group',
        name: `bench ${r}`,
        participants: members.slice(0, ROOM_CREATE_MAX),
      });
      await pool(members.slice(ROOM_CREATE_MAX), 8, (user_id) => sdk.rooms.addParticipant(room.room_id, { user_id }));
      return room.room_id;
    },
  );
  const allUsers = roomIds.flatMap((_, r) => users(r));
  const tTokens = performance.now();
  const tokens = await pool(allUsers, 32, async (user_id) => (await sdk.auth.createToken({ user_id })).token);
  const secs = (from: number, to: number) => `${((to - from) / 1000).toFixed(1)} s`;
  process.stdout.write(
    `  [${label}] OiChat: ${layout.rooms} room(s) in ${secs(tRooms, tTokens)}, ${tokens.length} tokens in ${secs(tTokens, performance.now())}\n`,
  );

  let before: MemorySnapshot | null = null;
  if (measureMemory) {
    // A fresh process on the same database, so that the memory the setup requests left behind
    // (heap pages V8 keeps after collecting) cannot absorb the connections' growth.
    await stopServer(server);
    server = await startServer('OiChat', serveArgs, env, inspect);
    sdk = new OiChat({
      apiKey: creds.api_key,
      secretKey: creds.secret_key,
      projectId: creds.project_id,
      baseUrl: server.baseUrl,
      maxRetries: 0,
      timeout: 60_000,
    });
    await sleep(1000);
    before = await memory(server);
  }
  const client = sdk;
  return {
    server,
    wsUrl: server.baseUrl.replace(/^http/, 'ws') + '/v1/realtime',
    tokens,
    send: (room, content) => client.messages.send({ room_id: roomIds[room]!, sender_id: 'system', content }),
    before,
  };
}

async function baselineTarget(layout: Layout, measureMemory: boolean): Promise<Target> {
  const server = await startServer('bare ws', [BASELINE], {}, measureMemory);
  const tokens: string[] = [];
  for (let r = 0; r < layout.rooms; r++) for (let m = 0; m < layout.membersPerRoom; m++) tokens.push(`r${r}`);
  const url = server.baseUrl + '/send';
  const send = async (room: number, content: string) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ room_id: `r${room}`, content }),
    });
    const body = await res.text();
    if (res.status !== 201) throw new Error(`baseline /send answered ${res.status}: ${body}`);
    return body;
  };
  let before: MemorySnapshot | null = null;
  if (measureMemory) {
    await sleep(1000);
    before = await memory(server);
  }
  return { server, wsUrl: server.baseUrl.replace(/^http/, 'ws') + '/v1/realtime', tokens, send, before };
}

interface Run {
  kind: Server['kind'];
  connect: Phase;
  connectMs: number;
  /** Frames other than the ready frame that clients received while the others connected (presence). */
  connectFrames: number;
  connections: number;
  paced: Phase;
  max: Phase;
  memoryPerConnection: { rss: number; heap: number | null; buffers: number | null } | null;
  lostConnections: number;
  strays: number;
}

/** Adds to a phase the CPU and time a part of it used. */
async function measure(phase: Phase, server: Server, body: () => Promise<void>): Promise<void> {
  const cpu0 = cpuSeconds(server.pid);
  const sched0 = schedSeconds(server.pid);
  const pressure0 = cpuPressureSeconds();
  const bench0 = process.cpuUsage();
  const t0 = performance.now();
  await body();
  phase.wall += (performance.now() - t0) / 1000;
  phase.serverCpu += cpuSeconds(server.pid) - cpu0;
  phase.serverWait += schedSeconds(server.pid).wait - sched0.wait;
  const pressure1 = cpuPressureSeconds();
  phase.pressure += pressure0 === null || pressure1 === null ? NaN : pressure1 - pressure0;
  const bench = process.cpuUsage(bench0);
  phase.benchCpu += (bench.user + bench.system) / 1e6;
}

/** One server with its clients connected. */
interface Side {
  target: Target;
  driver: Driver;
  fleet: Fleet;
  run: Run;
  profiles: CpuProfile[];
}

async function openSide(target: Target, layout: Layout, label: string): Promise<Side> {
  const { server } = target;
  const driver = new Driver(target.send, () => layout.membersPerRoom, layout.rooms);
  const fleet = new Fleet(target.wsUrl, driver.onFrame);
  const run: Run = {
    kind: server.kind,
    connect: newPhase('connect'),
    connectMs: 0,
    connectFrames: 0,
    connections: 0,
    paced: newPhase('paced'),
    max: newPhase('max'),
    memoryPerConnection: null,
    lostConnections: 0,
    strays: 0,
  };
  const side: Side = { target, driver, fleet, run, profiles: [] };
  try {
    await measure(run.connect, server, async () => {
      run.connectMs = await fleet.connect(target.tokens);
    });
    run.connections = fleet.sockets.length;
    await sleep(500);
    run.connectFrames = driver.otherFrames;
    process.stdout.write(
      `  [${label}] ${server.kind}: ${fleet.sockets.length} clients ready in ${(run.connectMs / 1000).toFixed(1)} s\n`,
    );
    if (target.before) {
      await sleep(3000); // idle: handshakes, presence and ready frames all done
      const after = await memory(server);
      const n = fleet.sockets.length;
      run.memoryPerConnection = {
        rss: (after.rss - target.before.rss) / n,
        heap:
          after.heapUsed !== null && target.before.heapUsed !== null
            ? (after.heapUsed - target.before.heapUsed) / n
            : null,
        buffers:
          after.buffers !== null && target.before.buffers !== null ? (after.buffers - target.before.buffers) / n : null,
      };
      process.stdout.write(
        `  [${label}] ${server.kind}: server RSS ${mib(target.before.rss)} → ${mib(after.rss)} MiB` +
          (after.heapUsed !== null ? `, heap used ${mib(target.before.heapUsed!)} → ${mib(after.heapUsed)} MiB` : '') +
          ` (after a forced GC) with ${n} idle connections\n`,
      );
    }
    return side;
  } catch (err) {
    await closeSide(side);
    throw err;
  }
}

async function closeSide(side: Side): Promise<void> {
  side.run.lostConnections = side.fleet.lostCount;
  side.run.strays = side.driver.strays;
  // Stop the server first: it closes every socket itself (code 1001), so no client's departure
  // is announced to the thousands still connected.
  side.fleet.expectClose();
  await stopServer(side.target.server);
  await side.fleet.close();
}

/**
 * Warm-up, then the paced phase and the max phase, each in `rounds` rounds. With two sides, the
 * rounds alternate between them (and which goes first), so that load from other processes on the
 * machine, which comes and goes, falls on both alike.
 */
async function runPhases(sides: Side[], rate: number, rounds: number, label: string): Promise<void> {
  for (const side of sides) await side.driver.paced(newPhase('warm-up'), rate, WARMUP_SECONDS);
  for (const [phase, seconds] of [
    ['paced', SECONDS],
    ['max', MAX_SECONDS],
  ] as const) {
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? sides : [...sides].reverse();
      for (const side of order) {
        const { server } = side.target;
        const profiling = CPU_PROF && phase === 'paced' && server.kind === 'OiChat' ? await startProfile(server) : null;
        await measure(side.run[phase], server, () =>
          phase === 'paced'
            ? side.driver.paced(side.run.paced, rate, seconds / rounds)
            : side.driver.max(side.run.max, WINDOW, seconds / rounds),
        );
        if (profiling) side.profiles.push(await profiling());
      }
    }
    process.stdout.write(`  [${label}] ${phase} phase done (${rounds} round${rounds > 1 ? 's' : ''} per server)\n`);
  }
  for (const side of sides) {
    if (!side.profiles.length) continue;
    const dir = join(tmpdir(), 'oichat-fanout-profiles');
    mkdirSync(dir, { recursive: true });
    const files = side.profiles.map((profile, i) => {
      const file = join(dir, `${label}-paced-${Date.now()}-${i + 1}.cpuprofile`);
      writeFileSync(file, JSON.stringify(profile));
      return file;
    });
    side.run.paced.profile = [
      `  CPU profiles of the OiChat server during the paced rounds: ${files.join(', ')}`,
      ...profileSummary(side.profiles),
    ];
  }
}

// ------------------------------------------------------------------------------ report

const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

function rate(phase: Phase, count: number): number {
  return phase.active > 0 ? count / (phase.active / 1000) : NaN;
}

function table(rows: [string, string, string, string][]): string[] {
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r, n) => {
    const line = `  ${r[0].padEnd(widths[0]!)}  ${r[1].padStart(widths[1]!)}  ${r[2].padStart(widths[2]!)}  ${r[3].padStart(widths[3]!)}`;
    return n === 0 ? `${line}\n  ${'-'.repeat(line.length - 2)}` : line;
  });
}

let failedRun = false;

function report(
  title: string,
  o: Run,
  b: Run,
  offered: string,
): { lines: string[]; p99: number; memory: number | null; overloaded: boolean } {
  type Row = [string, string, string, string];
  const rows: Row[] = [['', 'OiChat', 'bare ws', 'OiChat / bare']];
  const both = (label: string, f: (r: Run) => number, fmt: (v: number) => string, withRatio = true) => {
    const x = f(o);
    const y = f(b);
    rows.push([label, fmt(x), fmt(y), withRatio ? ratio(x, y) : '']);
  };
  const secs = (v: number) => `${v.toFixed(1)} s`;
  const kb = (v: number) => `${(v / 1024).toFixed(2)} KB`;
  const pct = (v: number) => (Number.isFinite(v) ? `${(v * 100).toFixed(0)} %` : '-');
  const us = (v: number) => (Number.isFinite(v) ? `${v.toFixed(1)} µs` : '-');
  both(`${int(o.connections)} clients connected in`, (r) => r.connectMs / 1000, secs);
  both('  server CPU time for it', (r) => r.connect.serverCpu, secs);
  both('  presence frames clients got meanwhile', (r) => r.connectFrames, int);
  if (o.memoryPerConnection && b.memoryPerConnection) {
    both('server RSS per idle connection', (r) => r.memoryPerConnection!.rss, kb);
    if (o.memoryPerConnection.heap !== null && b.memoryPerConnection.heap !== null)
      both('  of which V8 heap', (r) => r.memoryPerConnection!.heap!, kb);
    if (o.memoryPerConnection.buffers !== null && b.memoryPerConnection.buffers !== null)
      both('  of which Buffers', (r) => r.memoryPerConnection!.buffers!, kb);
  }
  for (const [what, pick] of [
    [`paced, ${offered}`, (r: Run) => r.paced],
    [`max, ≤ ${WINDOW} messages in flight`, (r: Run) => r.max],
  ] as const) {
    const p = pick(o);
    const q = pick(b);
    rows.push([`${what}: messages sent`, int(p.sent), int(q.sent), '']);
    rows.push([
      '  deliveries received / expected',
      `${int(p.delivered)} / ${int(p.expected)}`,
      `${int(q.delivered)} / ${int(q.expected)}`,
      '',
    ]);
    both('  latency p50', (r) => pick(r).latency.percentile(0.5), ms);
    both('  latency p99', (r) => pick(r).latency.percentile(0.99), ms);
    both('  latency max', (r) => pick(r).latency.percentile(1), ms);
    both('  send call (HTTP round trip) p99', (r) => pick(r).sendTime.percentile(0.99), ms);
    both('  messages/s', (r) => rate(pick(r), pick(r).sent), int);
    both('  deliveries/s', (r) => rate(pick(r), pick(r).delivered), int);
    both('  server CPU per delivery', (r) => (pick(r).serverCpu / pick(r).delivered) * 1e6, us);
    both('  deliveries/s at 100 % of one core', (r) => pick(r).delivered / pick(r).serverCpu, int);
    both('  server CPU (of one core)', (r) => pick(r).serverCpu / pick(r).wall, pct, false);
    both('  server waiting for a CPU', (r) => pick(r).serverWait / pick(r).wall, pct, false);
    both('  bench process CPU', (r) => pick(r).benchCpu / pick(r).wall, pct, false);
    both('  machine CPU pressure (PSI some)', (r) => pick(r).pressure / pick(r).wall, pct, false);
    if (what.startsWith('paced')) both('  sender behind schedule, worst', (r) => pick(r).maxSendLag, ms, false);
  }
  const lines = [title, ...table(rows)];
  let overloaded = false;
  for (const run of [o, b]) {
    for (const p of [run.paced, run.max]) {
      const missing = p.expected - p.delivered;
      if (p.overloadErrors) {
        overloaded = true;
        lines.push(
          `  OVERLOAD ${run.kind} ${p.name}: ${p.overloadErrors} of ${p.sent} sends got no answer in time (${p.firstError}); their deliveries are not counted`,
        );
      }
      if (p.sendErrors || missing > 0 || p.duplicates) {
        failedRun = true;
        lines.push(
          `  ERROR ${run.kind} ${p.name}: ${p.sendErrors} failed sends${p.sendErrors && p.firstError ? ` (${p.firstError})` : ''}, ${int(missing)} deliveries missing, ${int(p.duplicates)} duplicates`,
        );
      }
    }
    if (run.lostConnections) {
      failedRun = true;
      lines.push(`  ERROR ${run.kind}: ${run.lostConnections} client connections closed by the server during the run`);
    }
    if (run.strays)
      lines.push(`  note: ${run.kind}: ${run.strays} frames of messages whose send had failed arrived later`);
  }
  if (o.paced.profile) lines.push(...o.paced.profile);
  return { lines, p99: o.paced.latency.percentile(0.99), memory: o.memoryPerConnection?.rss ?? null, overloaded };
}

// ------------------------------------------------------------------------------ main

async function scenario1(): Promise<ReturnType<typeof report>> {
  const layout = { rooms: 1, membersPerRoom: MEMBERS };
  const sides: Side[] = [];
  try {
    sides.push(await openSide(await oichatTarget('s1', layout, false), layout, 's1'));
    sides.push(await openSide(await baselineTarget(layout, false), layout, 's1'));
    await runPhases(sides, RATE, ROUNDS, 's1');
  } finally {
    for (const side of sides) await closeSide(side);
  }
  return report(
    `Scenario 1: ${int(MEMBERS)} members in one room, ${RATE} messages/s for ${SECONDS} s (${int(MEMBERS * RATE * SECONDS)} deliveries), ` +
      `in ${ROUNDS} rounds alternating between the servers`,
    sides[0]!.run,
    sides[1]!.run,
    `${RATE} msg/s`,
  );
}

/** One server at a time: 10 000 client sockets each would not fit in this process's file descriptors twice. */
async function scenario2(): Promise<ReturnType<typeof report>> {
  const layout = { rooms: ROOMS, membersPerRoom: Math.round(CONNECTIONS / ROOMS) };
  const runs: Run[] = [];
  for (const open of [() => oichatTarget('s2', layout, true), () => baselineTarget(layout, true)]) {
    const side = await openSide(await open(), layout, 's2');
    try {
      await runPhases([side], SPREAD_RATE, 1, 's2');
    } finally {
      await closeSide(side);
    }
    runs.push(side.run);
  }
  return report(
    `Scenario 2: ${int(layout.rooms * layout.membersPerRoom)} connections in ${int(layout.rooms)} rooms of ${layout.membersPerRoom}, ` +
      `${SPREAD_RATE} messages/s round-robin for ${SECONDS} s, one server after the other`,
    runs[0]!,
    runs[1]!,
    `${SPREAD_RATE} msg/s`,
  );
}

async function main(): Promise<void> {
  tmp = mkdtempSync(join(tmpdir(), 'oichat-fanout-'));
  const interrupted = (signal: string) => {
    process.stderr.write(`\n${signal}: stopping the servers and removing ${tmp}\n`);
    killEverything();
    process.exit(130);
  };
  process.once('SIGINT', () => interrupted('SIGINT'));
  process.once('SIGTERM', () => interrupted('SIGTERM'));
  process.once('exit', killEverything);

  const pressure = (() => {
    try {
      return readFileSync('/proc/pressure/cpu', 'utf8').split('\n')[0]!;
    } catch {
      return 'n/a';
    }
  })();
  console.log(
    `fan-out bench: ${machineSummary()}, CPU pressure: ${pressure}\n` +
      `clients and sender in this process (pid ${process.pid}), each server in its own` +
      `${CPU_PROF ? '; OiChat server CPU-profiled during paced phases (adds overhead)' : ''}\n`,
  );
  const results: ReturnType<typeof report>[] = [];
  try {
    if (onlyScenario !== '2') results.push(await scenario1());
    if (onlyScenario !== '1') results.push(await scenario2());
  } finally {
    killEverything();
  }

  console.log('');
  for (const r of results) console.log(r.lines.join('\n') + '\n');
  console.log('Targets (2-core machine):');
  if (onlyScenario !== '2') {
    const p99 = results[0]!.p99;
    const overloaded = results[0]!.overloaded ? '; some sends got no answer, see OVERLOAD' : '';
    console.log(
      `  ${p99 < P99_TARGET_MS && !overloaded ? 'PASS' : 'FAIL'}  scenario 1 delivery latency p99 ${ms(p99)} (target < ${P99_TARGET_MS} ms at ${RATE} msg/s to ${int(MEMBERS)} members${overloaded})`,
    );
  }
  if (onlyScenario !== '1') {
    const memory = results[results.length - 1]!.memory;
    if (memory === null) console.log('  ----  memory per idle connection: not measured');
    else {
      console.log(
        `  ${memory < MEMORY_TARGET_BYTES ? 'PASS' : 'FAIL'}  server RSS per idle connection ${(memory / 1024).toFixed(2)} KB (target < ${MEMORY_TARGET_BYTES / 1024} KB; ` +
          'RSS growth of the server process after a forced GC, so it includes Node/libuv/ws socket objects and allocator slack, not kernel socket buffers)',
      );
    }
  }
  if (failedRun) {
    console.log('\nThe run had errors (see ERROR lines): its figures are not reliable.');
    process.exitCode = 1;
  }
}

try {
  await main();
} catch (err) {
  console.error(err);
  process.exitCode = 1;
}
