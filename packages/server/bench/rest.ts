// npm run bench:rest: the server SDK's messages.send against OiChat (SQLite, rate limiter off),
// and the same client loop against a bare Fastify endpoint that answers a similar JSON body
// (bench/rest-baseline.ts), in alternating rounds of one run so both see the same machine.
//
// Each round: CONCURRENCY senders in a closed loop for SECONDS seconds through the server SDK
// (signing, Idempotency-Key, JSON, fetch: the client work is the same for both targets). Printed
// per target: sends/s, p50/p99 of the call, the server process's CPU time per send (from /proc,
// over the measured rounds), and OiChat / baseline ratios. REST_PROFILE=1 adds a CPU profile of
// the OiChat server over its rounds, summarised by area and by function (REST_PROFILE_FILE=path
// also writes the first round's profile there). REST_PERF=1 instead samples both servers with
// Linux `perf` (CPU time only, bench/lib/perf-profile.ts) over the measured rounds and prints what
// each one's CPU per request is made of, area by area, side by side (µs per send), with the split
// between user space and the kernel from /proc. REST_STATEMENTS=1 loads a probe into the OiChat
// server (bench/rest/statements-probe.ts) and prints each SQLite statement it ran per send, with
// the CPU spent in it. Last, the storage floor (bench/rest/storage-floor.ts): the same SQL with
// nothing around it, in this process.
//
// Settings: REST_CONCURRENCY (32), REST_SECONDS (5), REST_ROUNDS (3 per target), REST_ROOMS (50),
// REST_WARMUP_SECONDS (15). Runs as plain TypeScript on Node >= 22.18 once the server and the
// server SDK are built.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CpuProfile, profileSummary, startProfile } from './lib/inspector.ts';
import { envNumber, int, machineSummary, ms, pool, ratio, Samples } from './lib/measure.ts';
import { PERF_NODE_ARGS, perfSummary, startPerf } from './lib/perf-profile.ts';
import { cpuSeconds, cpuSplitSeconds } from './lib/proc-stats.ts';
import { CLI, killChildren, loadSdk, runCli, type SdkClass } from './lib/processes.ts';
import { type Server, startServer, stopServer } from './lib/server-process.ts';
import { statementsReport } from './rest/statements-report.ts';
import { storageFloorReport } from './rest/storage-floor.ts';

const CONCURRENCY = envNumber('REST_CONCURRENCY', 32);
const SECONDS = envNumber('REST_SECONDS', 5);
const ROUNDS = envNumber('REST_ROUNDS', 3);
const ROOMS = envNumber('REST_ROOMS', 50);
// Long enough for V8 to finish optimizing the server's hot code: after 2 s, REST_PERF=1 still
// charged 55 µs of each send to the compiler; after 20 s, 4 µs.
const WARMUP_SECONDS = envNumber('REST_WARMUP_SECONDS', 15);
const PROFILE = process.env.REST_PROFILE === '1';
const PERF_PROFILE = process.env.REST_PERF === '1';
const STATEMENTS = process.env.REST_STATEMENTS === '1';
const STATEMENTS_PROBE = fileURLToPath(new URL('./rest/statements-probe.ts', import.meta.url));
const BASELINE = fileURLToPath(new URL('./rest-baseline.ts', import.meta.url));

interface Sdk {
  rooms: { create(params: { type: 'group'; participants: string[] }): Promise<{ room_id: string }> };
  messages: { send(params: { room_id: string; sender_id: string; content: string }): Promise<{ seq: number }> };
}

interface Totals {
  label: string;
  server: Server;
  sdk: Sdk;
  sends: number;
  seconds: number;
  cpu: number;
  /** Of `cpu`: user space and kernel, over the measured rounds. */
  user: number;
  system: number;
  latency: Samples;
  errors: number;
  firstError: string | null;
}

/** One closed-loop round against `target`; adds to its totals unless it is the warm-up. */
async function round(target: Totals, rooms: string[], seconds: number, counted: boolean): Promise<void> {
  const cpu0 = cpuSeconds(target.server.pid);
  const split0 = cpuSplitSeconds(target.server.pid);
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  let next = 0;
  let sends = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < end) {
        const i = next++;
        const start = performance.now();
        try {
          await target.sdk.messages.send({ room_id: rooms[i % rooms.length]!, sender_id: 'u0', content: `hello ${i}` });
          if (counted) target.latency.push(performance.now() - start);
          sends++;
        } catch (err) {
          target.errors++;
          target.firstError ??= String(err);
        }
      }
    }),
  );
  if (!counted) return;
  target.seconds += (performance.now() - t0) / 1000;
  target.sends += sends;
  target.cpu += cpuSeconds(target.server.pid) - cpu0;
  const split1 = cpuSplitSeconds(target.server.pid);
  target.user += split1.user - split0.user;
  target.system += split1.system - split0.system;
}

async function main(): Promise<void> {
  process.once('exit', killChildren);
  const OiChat = await loadSdk<SdkClass<Sdk>>();
  const dir = mkdtempSync(join(tmpdir(), 'oichat-bench-rest-'));
  const targets: Totals[] = [];
  try {
    const db = join(dir, 'rest.db');
    const creds = JSON.parse(
      await runCli(['projects', 'create', '--name', 'bench-rest', '--database', db, '--json']),
    ) as { project_id: string; api_key: string; secret_key: string };
    const nodeArgs = PERF_PROFILE ? PERF_NODE_ARGS : [];
    const probeArgs = STATEMENTS ? ['--import', STATEMENTS_PROBE] : [];
    const statementsFile = join(dir, 'statements.json');
    const serveArgs = [...nodeArgs, ...probeArgs, CLI, 'serve', '--port', '0', '--host', '127.0.0.1', '--database', db];
    const oichat = await startServer(
      'OiChat',
      [...serveArgs, '--rate-limit', '0', '--log-level', 'warn', '--public-url', 'http://oichat-rest-bench.invalid'],
      { OICHAT_BENCH_STATEMENTS_FILE: statementsFile },
      PROFILE,
    );
    const bare = await startServer('bare Fastify', [...nodeArgs, BASELINE], {}, false);
    const sdkFor = (baseUrl: string) =>
      new OiChat({
        apiKey: creds.api_key,
        secretKey: creds.secret_key,
        projectId: creds.project_id,
        baseUrl,
        maxRetries: 0,
        timeout: 30_000,
      }) as Sdk;
    const blank = { sends: 0, seconds: 0, cpu: 0, user: 0, system: 0, errors: 0, firstError: null };
    targets.push(
      { label: 'OiChat', server: oichat, sdk: sdkFor(oichat.baseUrl), latency: new Samples(), ...blank },
      { label: 'bare Fastify', server: bare, sdk: sdkFor(bare.baseUrl), latency: new Samples(), ...blank },
    );
    const rooms = (
      await pool(
        Array.from({ length: ROOMS }, (_, r) => r),
        8,
        (r) => targets[0]!.sdk.rooms.create({ type: 'group', participants: ['u0', `r${r}-u1`] }),
      )
    ).map((r) => r.room_id);

    console.log(
      `REST bench: ${machineSummary()}\n` +
        `messages.send through the server SDK, ${CONCURRENCY} concurrent, ${ROUNDS} rounds of ${SECONDS} s per target, alternating, ` +
        `after ${WARMUP_SECONDS} s of warm-up each; OiChat on SQLite (${ROOMS} rooms, rate limit off), client on the same machine\n`,
    );
    for (const target of targets) await round(target, rooms, WARMUP_SECONDS, false);
    if (STATEMENTS) oichat.proc.kill('SIGUSR2');
    const profiles: CpuProfile[] = [];
    // perf samples a process only while it runs: the target not being measured adds next to nothing.
    const perfFiles = targets.map((t) => join(dir, `${t.label.replace(/\W/g, '')}.perf.data`));
    const perfStops = PERF_PROFILE ? targets.map((t, i) => startPerf(t.server.pid, perfFiles[i]!)) : [];
    for (let r = 0; r < ROUNDS; r++) {
      for (const target of targets) {
        process.stdout.write(`  round ${r + 1} ${target.label}…`);
        const stop = PROFILE && target === targets[0] ? await startProfile(target.server) : null;
        const before = target.sends;
        const seconds = target.seconds;
        await round(target, rooms, SECONDS, true);
        if (stop) profiles.push(await stop());
        process.stdout.write(` ${int((target.sends - before) / (target.seconds - seconds))}/s\n`);
      }
    }
    for (const stop of perfStops) await stop();
    console.log('');
    console.log(report(targets).join('\n'));
    if (PERF_PROFILE) console.log(`\n${perfReport(targets, perfFiles).join('\n')}`);
    if (profiles.length > 0) {
      console.log(`\n${profileSummary(profiles, 25).join('\n')}`);
      // Kept for a closer look (Chrome DevTools, or any .cpuprofile reader).
      if (process.env.REST_PROFILE_FILE) writeFileSync(process.env.REST_PROFILE_FILE, JSON.stringify(profiles[0]));
    }
    if (targets.some((t) => t.errors > 0)) process.exitCode = 1;
    // The probe writes its counts as the server exits.
    await stopServer(oichat);
    if (STATEMENTS) console.log(`\n${statementsReport(statementsFile, targets[0]!.sends).join('\n')}`);
    const [oichatTotals, bareTotals] = targets as [Totals, Totals];
    const perSend = (t: Totals) => (t.cpu / t.sends) * 1e6;
    console.log(`\n${(await storageFloorReport(perSend(oichatTotals), perSend(bareTotals))).join('\n')}`);
  } finally {
    await Promise.all(targets.map((t) => stopServer(t.server)));
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Each server's CPU per request by area (µs), side by side, from the perf samples' shares. */
function perfReport(targets: Totals[], files: string[]): string[] {
  const summaries = files.map((file) => perfSummary(file));
  const perSend = targets.map((t) => (t.cpu / t.sends) * 1e6);
  const areas = new Map<string, string[]>();
  summaries.forEach((s, i) => {
    for (const [area, share, kernel] of s.areas) {
      const row = areas.get(area) ?? targets.map(() => '0');
      row[i] =
        `${(share * perSend[i]!).toFixed(0)}${kernel > 0.005 ? ` (${(kernel * perSend[i]!).toFixed(0)} k)` : ''}`;
      areas.set(area, row);
    }
  });
  const lines = [
    'Server CPU per request by area, µs (perf cpu-clock samples, each charged to the nearest library or',
    'server frame of its call chain; "k": of it, in the kernel; share × CPU per request):',
    `  ${''.padEnd(46)}${targets.map((t) => t.label.padStart(16)).join('')}`,
  ];
  const first = (row: string[]) => Number.parseFloat(row[0]!);
  for (const [area, row] of [...areas].sort((a, b) => first(b[1]) - first(a[1])))
    lines.push(`  ${area.padEnd(46)}${row.map((v) => v.padStart(16)).join('')}`);
  lines.push(`  ${'total'.padEnd(46)}${perSend.map((v) => v.toFixed(0).padStart(16)).join('')}`);
  lines.push(
    `  ${'  of which in the kernel (from /proc)'.padEnd(46)}${targets.map((t) => ((t.system / t.sends) * 1e6).toFixed(0).padStart(16)).join('')}`,
  );
  lines.push(`  ${'samples'.padEnd(46)}${summaries.map((s) => int(s.samples).padStart(16)).join('')}`);
  summaries.forEach((s, i) => {
    lines.push(`  ${targets[i]!.label}: the frames most CPU was charged to, per area (µs per request)`);
    for (const [area] of s.areas.slice(0, 9)) {
      const top = s.owners.filter((o) => o[0] === area).slice(0, 4);
      const named = top.map(([, sym, share]) => `${sym.slice(0, 80)} ${(share * perSend[i]!).toFixed(0)}`);
      lines.push(`    ${area}: ${named.join('; ')}`);
    }
    lines.push(`  ${targets[i]!.label}: hottest leaf symbols (share of its CPU samples)`);
    for (const [sym, share] of s.symbols)
      lines.push(`    ${(share * 100).toFixed(1).padStart(5)} %  ${sym.slice(0, 140)}`);
  });
  return lines;
}

function report(targets: Totals[]): string[] {
  const [oichat, bare] = targets as [Totals, Totals];
  const rows: [string, (t: Totals) => number, (v: number) => string][] = [
    ['sends/s', (t) => t.sends / t.seconds, int],
    ['call p50', (t) => t.latency.percentile(0.5), ms],
    ['call p99', (t) => t.latency.percentile(0.99), ms],
    ['server CPU µs per send', (t) => (t.cpu / t.sends) * 1e6, int],
  ];
  const lines = [
    ['', 'OiChat', 'bare Fastify', 'OiChat / bare'].map((h, i) => (i ? h.padStart(14) : h.padEnd(26))).join(''),
  ];
  for (const [label, value, format] of rows) {
    const cells = [format(value(oichat)), format(value(bare)), ratio(value(oichat), value(bare))];
    lines.push(label.padEnd(26) + cells.map((c) => c.padStart(14)).join(''));
  }
  for (const t of targets)
    if (t.errors > 0) lines.push(`ERROR ${t.label}: ${t.errors} sends failed, first: ${t.firstError}`);
  return lines;
}

try {
  await main();
} catch (err) {
  console.error(err);
  process.exitCode = 1;
}
