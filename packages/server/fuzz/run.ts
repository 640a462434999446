// One fuzzing run against a fresh server: seed it with users, rooms, messages and a webhook
// endpoint, send the requests (and, every so often, a WebSocket session) with a few in flight at
// once, and report the answers by status class. A 5xx, a request with no answer in time (a
// hang), the server exiting (a crash) and its memory growing past the bound are findings; each
// comes with what was sent, to reproduce it.
import { operationsOf, RequestMaker, signedPost, type FuzzRequest, type Pool } from './http-cases.ts';
import { Target } from './target.ts';
import { Rng } from './values.ts';
import { session } from './ws-cases.ts';

export interface FuzzOptions {
  requests: number;
  seed: number;
  /** Requests in flight at once. */
  concurrency: number;
  /** The server's V8 heap after a full GC may grow by at most this much between the end of the warm-up and the end. */
  maxHeapGrowthMb: number;
  /** One WebSocket session per this many requests. */
  wsEvery: number;
  /** A request (or session) with no answer after this long is a hang. */
  timeoutMs: number;
  log: (line: string) => void;
}

export const DEFAULTS: Omit<FuzzOptions, 'log'> = {
  requests: 100_000,
  seed: 1,
  concurrency: 8,
  maxHeapGrowthMb: 64,
  wsEvery: 50,
  timeoutMs: 15_000,
};

export interface Finding {
  what: '5xx' | 'hang' | 'crash' | 'memory' | 'websocket';
  detail: string;
  reproducer: string;
}

export interface FuzzReport {
  requests: number;
  byClass: Record<string, number>;
  byAuth: Record<string, number>;
  /** Requests that got no HTTP answer (the connection closed), by the client's reason. */
  networkErrors: Record<string, number>;
  operations: number;
  wsSessions: number;
  wsFrames: number;
  closeCodes: Record<string, number>;
  findings: Finding[];
  rssMb: { afterWarmup: number; peak: number; end: number };
  /** V8 heap in use after a full GC. */
  heapMb: { afterWarmup: number; end: number };
  seconds: number;
  seed: number;
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

/** What to send again to see it fail: the request as it went, and how to re-sign it. */
function reproducer(r: FuzzRequest, seed: number): string {
  const headers = Object.fromEntries(
    Object.entries(r.headers).filter(
      ([k]) => !['x-oichat-signature', 'x-oichat-nonce', 'x-oichat-timestamp'].includes(k),
    ),
  );
  const body =
    r.body === undefined ? '' : r.body.length > 2000 ? `${r.body.slice(0, 2000)}… (${r.body.length} bytes)` : r.body;
  return [
    `${r.method} ${r.target}  (auth: ${r.auth}; values: ${r.kind}; seed ${seed})`,
    `headers: ${JSON.stringify(headers)}`,
    `body: ${body}`,
    r.auth === 'v2' || r.auth === 'v1'
      ? 'sign it anew (docs/http-api.md) with the project of a fresh `oichat serve`, or re-run `npm run fuzz -- --seed N`'
      : '',
  ]
    .filter(Boolean)
    .join('\n    ');
}

async function send(
  url: string,
  r: FuzzRequest,
  timeoutMs: number,
): Promise<{ status: number; text: string } | 'hang' | Error> {
  try {
    const res = await fetch(url + r.target, {
      method: r.method,
      headers: r.headers,
      ...(r.body !== undefined && { body: r.body }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { status: res.status, text: await res.text() };
  } catch (err) {
    if ((err as Error).name === 'TimeoutError') return 'hang';
    return err as Error;
  }
}

/** Learns from successful answers what exists now (new rooms, tokens, endpoints), for later valid values. */
function learn(pool: Pool, r: FuzzRequest, status: number, text: string): void {
  if (status < 200 || status >= 300 || !text.startsWith('{')) return;
  const body = JSON.parse(text) as Record<string, unknown>;
  const add = (list: string[], v: unknown, max = 200) => {
    if (typeof v !== 'string' || list.includes(v)) return;
    if (list.length >= max) list[Math.floor(Math.random() * max)] = v;
    else list.push(v);
  };
  if (r.operation === 'POST /v1/rooms') add(pool.rooms, body.room_id);
  if (r.operation === 'POST /v1/auth/token' || r.operation === 'POST /v1/auth/refresh')
    add(pool.tokens, body.token, 50);
  if (r.operation === 'POST /v1/webhooks') add(pool.endpoints, body.endpoint_id, 20);
}

async function seedPool(maker: (path: string, body: unknown) => Promise<any>): Promise<Pool> {
  const pool: Pool = { users: [], rooms: [], endpoints: [], tokens: [], events: ['evt_none'] };
  for (let i = 0; i < 6; i++) {
    const user = `fuzz-user-${i}`;
    pool.users.push(user);
    pool.tokens.push((await maker('/v1/auth/token', { user_id: user })).token);
  }
  for (let i = 0; i < 4; i++) {
    const room = await maker('/v1/rooms', {
      type: 'group',
      participants: pool.users.slice(i, i + 3),
      name: `room ${i}`,
    });
    pool.rooms.push(room.room_id);
    await maker('/v1/messages', { room_id: room.room_id, sender_id: 'system', content: 'hello' });
  }
  pool.endpoints.push((await maker('/v1/webhooks', { url: 'http://127.0.0.1:9/hook' })).endpoint_id);
  return pool;
}

export async function runFuzz(options: Partial<FuzzOptions> & { log?: (line: string) => void }): Promise<FuzzReport> {
  const o: FuzzOptions = { ...DEFAULTS, log: () => {}, ...options };
  const started = Date.now();
  const target = await Target.start();
  try {
    const rng = new Rng(o.seed);
    const doc = (await (await fetch(`${target.url}/v1/openapi.json`)).json()) as Parameters<typeof operationsOf>[0];
    const operations = operationsOf(doc);
    const pool = await seedPool((path, body) => signedPost(target.url, target.credentials, path, body));
    const maker = new RequestMaker(rng, operations, pool, target.credentials);

    const report: FuzzReport = {
      requests: 0,
      byClass: {},
      byAuth: {},
      networkErrors: {},
      operations: operations.length,
      wsSessions: 0,
      wsFrames: 0,
      closeCodes: {},
      findings: [],
      rssMb: { afterWarmup: 0, peak: 0, end: 0 },
      heapMb: { afterWarmup: 0, end: 0 },
      seconds: 0,
      seed: o.seed,
    };
    const seen5xx = new Set<string>();
    const warmup = Math.min(2000, Math.floor(o.requests / 10));
    let afterWarmupRss = 0;
    let afterWarmupHeap: Promise<number> | null = null;
    let next = 0;
    let lastLog = Date.now();

    const worker = async () => {
      while (next < o.requests && !target.exited) {
        const i = next++;
        if (i === warmup) {
          afterWarmupRss = target.rss();
          afterWarmupHeap = target.heapUsed();
        }
        if (i % o.wsEvery === 0) {
          const s = await session(target.url, new Rng(o.seed + i), pool, o.timeoutMs);
          report.wsSessions++;
          report.wsFrames += s.frames;
          report.closeCodes[String(s.closeCode)] = (report.closeCodes[String(s.closeCode)] ?? 0) + 1;
          if (s.failure)
            report.findings.push({
              what: 'websocket',
              detail: s.failure,
              reproducer: `frames: ${JSON.stringify(s.sent)}`,
            });
        }
        const r = maker.next();
        const outcome = await send(target.url, r, o.timeoutMs);
        report.requests++;
        report.byAuth[r.auth] = (report.byAuth[r.auth] ?? 0) + 1;
        if (outcome === 'hang') {
          report.findings.push({
            what: 'hang',
            detail: `${r.operation}: no answer within ${o.timeoutMs} ms`,
            reproducer: reproducer(r, o.seed),
          });
          continue;
        }
        if (outcome instanceof Error) {
          report.byClass.network = (report.byClass.network ?? 0) + 1;
          const why = `${r.operation}, body ${r.body?.length ?? 0} bytes: ${String((outcome as Error & { cause?: unknown }).cause ?? outcome).slice(0, 120)}`;
          report.networkErrors[why] = (report.networkErrors[why] ?? 0) + 1;
          if (target.exited) break;
          continue;
        }
        const cls = `${Math.floor(outcome.status / 100)}xx`;
        report.byClass[cls] = (report.byClass[cls] ?? 0) + 1;
        if (outcome.status >= 500) {
          const key = `${r.operation} ${outcome.status}`;
          if (!seen5xx.has(key) || report.findings.length < 50) {
            seen5xx.add(key);
            report.findings.push({
              what: '5xx',
              detail: `${outcome.status} for ${r.operation}: ${outcome.text.slice(0, 300)}`,
              reproducer: reproducer(r, o.seed),
            });
          }
        } else {
          learn(pool, r, outcome.status, outcome.text);
        }
        if (i % 250 === 0) report.rssMb.peak = Math.max(report.rssMb.peak, mb(target.rss()));
        if (Date.now() - lastLog > 10_000) {
          lastLog = Date.now();
          o.log(`  ${report.requests} requests, ${JSON.stringify(report.byClass)}, server RSS ${mb(target.rss())} MiB`);
        }
      }
    };
    await Promise.all(Array.from({ length: o.concurrency }, worker));

    if (target.exited) {
      const { code, signal } = target.exited;
      report.findings.push({
        what: 'crash',
        detail: `the server exited (code ${code}, signal ${signal})`,
        reproducer: target.output.slice(-4000),
      });
    } else {
      report.rssMb.end = mb(target.rss());
      report.rssMb.afterWarmup = mb(afterWarmupRss);
      report.rssMb.peak = Math.max(report.rssMb.peak, report.rssMb.end);
      report.heapMb = { afterWarmup: mb((await afterWarmupHeap) ?? 0), end: mb(await target.heapUsed()) };
      const growth = report.heapMb.end - report.heapMb.afterWarmup;
      if (afterWarmupHeap && growth > o.maxHeapGrowthMb) {
        report.findings.push({
          what: 'memory',
          detail: `the server's heap after GC grew ${growth} MiB after the warm-up (bound ${o.maxHeapGrowthMb} MiB): ${report.heapMb.afterWarmup} → ${report.heapMb.end} MiB`,
          reproducer: `npm run fuzz -- --requests ${o.requests} --seed ${o.seed}`,
        });
      }
    }
    report.seconds = Math.round((Date.now() - started) / 100) / 10;
    return report;
  } finally {
    await target.stop();
  }
}
