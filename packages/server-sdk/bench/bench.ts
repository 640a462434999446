// npm run bench -w @oichat/server-sdk: requests per second through the SDK (built, dist/esm)
// versus the same endpoint called with raw fetch, signed as docs/http-api.md shows with
// node:crypto, against the real server started locally with the rate limiter off. Rounds of
// the two alternate, back to back, so that drift (JIT, SQLite growth, other load) hits both
// alike; the figures are medians over the rounds, since a single GC pause or WAL checkpoint
// in one round would otherwise swing a total by more than the budget being measured.
// It also prints this process's CPU time per request on each side, a steadier measure of the
// SDK's own work when other load shares the machine. Budget: the SDK should cost under 10 % of
// raw fetch's throughput. `--check` exits 1 when over.
//
// Runs as plain TypeScript on Node >= 22.18 (type stripping): node bench/bench.ts

import { createHash, createHmac, randomUUID } from 'node:crypto';
import { OiChat } from '../dist/esm/index.js';
import { startServer } from '../test/helpers/server.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 16);
const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 400);
const BUDGET = 0.1;

interface Scenario {
  name: string;
  concurrency: number;
  sdk: () => Promise<unknown>;
  raw: () => Promise<unknown>;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Runs `fn` from `concurrency` loops for `ms`; returns how many calls completed, and this process's CPU time. */
async function drive(
  fn: () => Promise<unknown>,
  concurrency: number,
  ms: number,
): Promise<{ count: number; elapsed: number; cpuMicros: number }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const deadline = started + ms;
  let count = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        await fn();
        count++;
      }
    }),
  );
  const used = process.cpuUsage(cpu);
  return { count, elapsed: performance.now() - started, cpuMicros: used.user + used.system };
}

async function main(): Promise<void> {
  const server = await startServer({ rateLimit: 0 });
  try {
    const creds = server.projects[0]!;
    const sdk = new OiChat({
      apiKey: creds.apiKey,
      secretKey: creds.secretKey,
      projectId: creds.projectId,
      baseUrl: server.baseUrl,
    });

    // The raw baseline: what a careful hand-written client does, and no more.
    const rawRequest = async (method: string, path: string, body?: unknown): Promise<unknown> => {
      const text = body === undefined ? '' : JSON.stringify(body);
      const ts = Math.floor(Date.now() / 1000).toString();
      const nonce = randomUUID();
      const key = method === 'POST' ? randomUUID() : '';
      const bodyHash = createHash('sha256').update(text).digest('hex');
      const toSign = ['v2', ts, nonce, method, path, key, bodyHash].join('\n');
      const signature = 'v2=' + createHmac('sha256', creds.secretKey).update(toSign).digest('hex');
      const headers: Record<string, string> = {
        Accept: 'application/json',
        'X-OiChat-Project-Id': creds.projectId,
        'X-OiChat-Api-Key': creds.apiKey,
        'X-OiChat-Timestamp': ts,
        'X-OiChat-Nonce': nonce,
        'X-OiChat-Signature': signature,
      };
      if (text) headers['Content-Type'] = 'application/json';
      if (key) headers['Idempotency-Key'] = key;
      const res = await fetch(server.baseUrl + path, { method, headers, body: text || undefined });
      const json: unknown = await res.json();
      if (!res.ok) throw new Error(`raw ${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    };

    const room = await sdk.rooms.create({ type: 'group', name: 'bench', participants: ['bench-a', 'bench-b'] });
    const roomPath = `/v1/rooms/${room.room_id}`;
    const message = { room_id: room.room_id, sender_id: 'bench-a', content: 'benchmark message' };

    const scenarios: Scenario[] = [
      {
        name: 'GET  /v1/rooms/{id}  (rooms.get), 1 at a time',
        concurrency: 1,
        sdk: () => sdk.rooms.get(room.room_id),
        raw: () => rawRequest('GET', roomPath),
      },
      {
        name: 'GET  /v1/rooms/{id}  (rooms.get), 8 concurrent',
        concurrency: 8,
        sdk: () => sdk.rooms.get(room.room_id),
        raw: () => rawRequest('GET', roomPath),
      },
      {
        name: 'POST /v1/messages (messages.send), 8 concurrent',
        concurrency: 8,
        sdk: () => sdk.messages.send(message),
        raw: () => rawRequest('POST', '/v1/messages', message),
      },
    ];

    console.log(
      `server ${server.baseUrl}; node ${process.version}; ${ROUNDS} paired rounds of ${ROUND_MS} ms per side\n`,
    );
    let worst = 0;
    for (const s of scenarios) {
      await drive(s.raw, s.concurrency, 300); // warm both paths: connections, JIT, key import
      await drive(s.sdk, s.concurrency, 300);
      const rps = { sdk: [] as number[], raw: [] as number[] };
      const cpuPerRequest = { sdk: [] as number[], raw: [] as number[] };
      const ratios: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        // Alternate which side goes first, so neither always runs on a warmer server.
        const order: Array<'sdk' | 'raw'> = round % 2 === 0 ? ['raw', 'sdk'] : ['sdk', 'raw'];
        const pair = { sdk: 0, raw: 0 };
        for (const side of order) {
          const r = await drive(s[side], s.concurrency, ROUND_MS);
          pair[side] = (r.count / r.elapsed) * 1000;
          rps[side].push(pair[side]);
          cpuPerRequest[side].push(r.cpuMicros / r.count);
        }
        ratios.push(pair.sdk / pair.raw);
      }
      const rawRps = median(rps.raw);
      const sdkRps = median(rps.sdk);
      const ratio = median(ratios);
      const cost = 1 - ratio;
      worst = Math.max(worst, cost);
      console.log(s.name);
      console.log(`  raw fetch: ${rawRps.toFixed(0).padStart(6)} req/s (median)`);
      console.log(`  SDK:       ${sdkRps.toFixed(0).padStart(6)} req/s (median)`);
      const rawCpu = median(cpuPerRequest.raw);
      const sdkCpu = median(cpuPerRequest.sdk);
      console.log(
        `  client CPU per request: raw ${rawCpu.toFixed(0)} µs, SDK ${sdkCpu.toFixed(0)} µs (+${(sdkCpu - rawCpu).toFixed(0)} µs)`,
      );
      console.log(
        `  SDK/raw:   ${ratio.toFixed(3)}  (median of ${ROUNDS} paired rounds; SDK cost ${(cost * 100).toFixed(1)} %, budget ${BUDGET * 100} %)\n`,
      );
    }
    const verdict = worst < BUDGET ? 'within budget' : 'OVER BUDGET';
    console.log(`worst SDK cost: ${(worst * 100).toFixed(1)} % — ${verdict}`);
    if (worst >= BUDGET && process.argv.includes('--check')) process.exitCode = 1;
  } finally {
    await server.stop();
  }
}

await main();
