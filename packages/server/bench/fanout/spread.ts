// `--scenario=spread`: scenario 1's load (MEMBERS members in one room, RATE messages/s, open
// loop) with the client sockets in child processes, and each message's latency split where the
// time goes. Rounds alternate between all clients in one child process and the clients spread
// over FANOUT_CLIENT_PROCS processes, so the two are measured on the same machine at the same
// time: if the spread figure is lower, the single client process was part of the latency.
//
// The server runs with bench/fanout/probe.ts loaded (`--import`), which listens to the hub's
// fan-out timing channel. For each message (times in epoch ms across the processes):
//   send → hub     from just before messages.send() to the hub having its signal: SDK signing,
//                  HTTP, authentication, the transaction and its commit (and any wait for the
//                  server's event loop on the way);
//   hub → writing  picking the connections concerned;
//   writing        from the first to the last socket write of the message (ws hands each frame to
//                  the kernel at once; the frame is serialized once for all of them);
//   written → last from the last write to the last recipient's receipt: the kernel and the client
//                  processes reading their sockets (client-side queueing).
// Also the server's event-loop delay over the phase (perf_hooks.monitorEventLoopDelay): a stall
// (a long synchronous stretch) shows there first.
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluate } from '../lib/inspector.ts';
import { PERF_NODE_ARGS, perfSummary, startPerf } from '../lib/perf-profile.ts';
import { envNumber, int, ms, Samples } from '../lib/measure.ts';
import { cpuSeconds, cpuSplitSeconds } from '../lib/proc-stats.ts';
import { measure, newPhase, type Phase } from './measurement.ts';
import { BATCH, MEMBERS, P99_TARGET_MS, RATE, ROUNDS, SECONDS, WARMUP_SECONDS } from './settings.ts';
import { oichatTarget, stopServer, type Target } from './targets.ts';
import { WorkerFleet } from './worker-fleet.ts';

const PROCS = envNumber('FANOUT_CLIENT_PROCS', 4);
const PROBE = fileURLToPath(new URL('./probe.ts', import.meta.url));
/** FANOUT_PERF=1: the server's CPU per delivery by area, from Linux perf over the counted rounds (bench/lib/perf-profile.ts). */
const PERF_PROFILE = process.env.FANOUT_PERF === '1';

interface ProbeTake {
  /** Flat: index, received, writing, written, recipients. */
  records: number[];
  loopDelay: { p50: number; p99: number; max: number };
}

/** What one client layout (1 or PROCS processes) accumulated over its rounds. */
interface Layout {
  procs: number;
  phase: Phase;
  sent: number;
  delivered: number;
  expected: number;
  duplicates: number;
  lost: number;
  sendErrors: number;
  firstError: string | null;
  clientCpu: number;
  /** The server's CPU over the counted rounds in the kernel (socket writes; on loopback, the receiving TCP stack too). */
  serverSystem: number;
  loopP99: number;
  loopMax: number;
  parts: Record<'ingest' | 'pick' | 'write' | 'tail' | 'last', Samples>;
  latency: Samples;
  missingTimings: number;
}

const origin = performance.timeOrigin;
let nextIndex = 0;

/** Open loop: `rate` sends a second for `seconds`, whatever the server's pace. Returns each index's send time (epoch ms). */
async function paced(target: Target, layout: Layout, seconds: number, sentAt: Map<number, number>): Promise<void> {
  const total = Math.round(RATE * seconds);
  const start = performance.now();
  const sends: Promise<void>[] = [];
  for (let k = 0; k < total; k++) {
    const due = start + (k * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const index = nextIndex++;
    const at = origin + performance.now();
    sentAt.set(index, at);
    layout.sent++;
    sends.push(
      target.send(0, `fo:${index}:${at.toFixed(3)}`).then(
        () => {
          layout.expected += MEMBERS;
        },
        (err: Error) => {
          sentAt.delete(index);
          layout.sendErrors++;
          layout.firstError ??= `${err.name}: ${err.message}`;
        },
      ),
    );
  }
  await Promise.all(sends);
}

/** Waits until the workers have every expected delivery, or none came for 10 s. */
async function drain(fleet: WorkerFleet, expected: number): Promise<void> {
  let seen = -1;
  let since = performance.now();
  for (;;) {
    const { delivered } = await fleet.stats();
    if (delivered >= expected) return;
    if (delivered !== seen) {
      seen = delivered;
      since = performance.now();
    } else if (performance.now() - since > 10_000) return;
    await sleep(50);
  }
}

async function round(target: Target, layout: Layout, seconds: number, counted: boolean): Promise<void> {
  const fleet = new WorkerFleet(layout.procs);
  try {
    await fleet.connect(target.wsUrl, target.tokens, BATCH);
    await sleep(500);
    await fleet.take();
    await evaluate<string>(target.server, 'globalThis.__oichatFanoutProbe.take()');
    const sentAt = new Map<number, number>();
    const cpu0 = fleet.pids.map(cpuSeconds);
    const expected0 = layout.expected;
    const delivered0 = (await fleet.stats()).delivered;
    const phase = counted ? layout.phase : newPhase('warm-up');
    const system0 = cpuSplitSeconds(target.server.pid).system;
    await measure(phase, target.server, async () => {
      await paced(target, layout, seconds, sentAt);
      await drain(fleet, delivered0 + layout.expected - expected0);
    });
    const stats = await fleet.stats();
    const receipts = await fleet.take();
    const probe = JSON.parse(
      await evaluate<string>(target.server, 'globalThis.__oichatFanoutProbe.take()'),
    ) as ProbeTake;
    if (!counted) {
      layout.expected = expected0;
      return;
    }
    layout.serverSystem += cpuSplitSeconds(target.server.pid).system - system0;
    layout.clientCpu += fleet.pids.reduce((s, pid, i) => s + cpuSeconds(pid) - cpu0[i]!, 0);
    layout.delivered += stats.delivered - delivered0;
    layout.duplicates += stats.duplicates;
    layout.lost += stats.lost;
    layout.loopP99 = Math.max(layout.loopP99, probe.loopDelay.p99);
    layout.loopMax = Math.max(layout.loopMax, probe.loopDelay.max);
    for (const part of receipts.latency) for (const v of part) layout.latency.push(v);
    const r = probe.records;
    const timings = new Map<number, [number, number, number]>();
    for (let i = 0; i < r.length; i += 5) timings.set(r[i]!, [r[i + 1]!, r[i + 2]!, r[i + 3]!]);
    for (const [index, sent] of sentAt) {
      const t = timings.get(index);
      const last = receipts.lastAt.get(index);
      if (!t || last === undefined) {
        layout.missingTimings++;
        continue;
      }
      const [received, writing, written] = t;
      layout.parts.ingest.push(received - sent);
      layout.parts.pick.push(writing - received);
      layout.parts.write.push(written - writing);
      layout.parts.tail.push(last - written);
      layout.parts.last.push(last - sent);
    }
  } finally {
    await fleet.close().catch(() => {});
    await fleet.stop();
  }
}

function newLayout(procs: number): Layout {
  return {
    procs,
    phase: newPhase('paced'),
    sent: 0,
    delivered: 0,
    expected: 0,
    duplicates: 0,
    lost: 0,
    sendErrors: 0,
    firstError: null,
    clientCpu: 0,
    serverSystem: 0,
    loopP99: 0,
    loopMax: 0,
    parts: {
      ingest: new Samples(),
      pick: new Samples(),
      write: new Samples(),
      tail: new Samples(),
      last: new Samples(),
    },
    latency: new Samples(),
    missingTimings: 0,
  };
}

export async function spreadScenario(dir: string): Promise<{ lines: string[]; p99: number; failed: boolean }> {
  const target = await oichatTarget(dir, 'spread', { rooms: 1, membersPerRoom: MEMBERS }, false, {
    nodeArgs: [...(PERF_PROFILE ? PERF_NODE_ARGS : []), '--import', PROBE],
    env: { OICHAT_WS_MAX_UNAUTHENTICATED_PER_IP: String(Math.max(50, BATCH)) },
  });
  const layouts = [newLayout(1), newLayout(PROCS)];
  const perfFile = join(mkdtempSync(join(tmpdir(), 'oichat-fanout-perf-')), 'server.perf.data');
  let stopPerf: (() => Promise<void>) | null = null;
  try {
    await round(target, layouts[0]!, WARMUP_SECONDS, false);
    if (PERF_PROFILE) stopPerf = startPerf(target.server.pid, perfFile);
    for (let r = 0; r < ROUNDS; r++) {
      for (const layout of r % 2 === 0 ? layouts : [...layouts].reverse()) {
        await round(target, layout, SECONDS / ROUNDS, true);
        process.stdout.write(`  [spread] round ${r + 1}, clients in ${layout.procs} process(es) done\n`);
      }
    }
    if (stopPerf) await stopPerf();
  } finally {
    await stopServer(target.server);
  }
  const perfLines: string[] = [];
  if (stopPerf) {
    const summary = perfSummary(perfFile);
    const cpu = layouts.reduce((sum, l) => sum + l.phase.serverCpu, 0);
    const perDelivery = (cpu / layouts.reduce((sum, l) => sum + l.delivered, 0)) * 1e6;
    perfLines.push(
      `  server CPU per delivery by area, µs (perf, both layouts' rounds, each sample charged to the nearest library or server frame; "k": in the kernel):`,
    );
    for (const [area, share, kernel] of summary.areas.slice(0, 14)) {
      const top = summary.owners.filter((o) => o[0] === area).slice(0, 3);
      perfLines.push(
        `    ${(share * perDelivery).toFixed(2).padStart(6)}${kernel > 0.005 ? ` (${(kernel * perDelivery).toFixed(2)} k)` : ''}  ${area}: ` +
          top.map(([, sym, s]) => `${sym.slice(0, 60)} ${(s * perDelivery).toFixed(2)}`).join('; '),
      );
    }
  }
  const lines = [
    `Spread: ${int(MEMBERS)} members in one room, ${RATE} messages/s for ${SECONDS} s per layout, in ${ROUNDS} rounds ` +
      'alternating between the clients in 1 process and in several; OiChat only, with the fan-out probe',
  ];
  const cols = layouts.map((l) => `clients in ${l.procs} proc${l.procs > 1 ? 's' : ''}`);
  const row = (label: string, f: (l: Layout) => string) =>
    lines.push(
      `  ${label.padEnd(44)}${layouts.map((l, i) => f(l).padStart(Math.max(24, cols[i]!.length + 2))).join('')}`,
    );
  row('', (l) => `clients in ${l.procs} proc${l.procs > 1 ? 's' : ''}`);
  row('deliveries received / expected', (l) => `${int(l.delivered)} / ${int(l.expected)}`);
  row('delivery latency p50', (l) => ms(l.latency.percentile(0.5)));
  row('delivery latency p99', (l) => ms(l.latency.percentile(0.99)));
  row('delivery latency max', (l) => ms(l.latency.percentile(1)));
  row('deliveries/s', (l) => int(l.delivered / (l.phase.wall || NaN)));
  const parts: [keyof Layout['parts'], string][] = [
    ['ingest', 'send → hub has the signal'],
    ['pick', 'hub → first socket write'],
    ['write', 'first → last socket write'],
    ['tail', 'last write → last recipient read it'],
    ['last', 'send → last recipient (sum)'],
  ];
  lines.push('  per message (p50 / p99):');
  for (const [key, label] of parts)
    row(`  ${label}`, (l) => `${ms(l.parts[key].percentile(0.5))} / ${ms(l.parts[key].percentile(0.99))}`);
  row('server event-loop delay p99 / max', (l) => `${ms(l.loopP99)} / ${ms(l.loopMax)}`);
  row('server CPU per delivery', (l) => `${((l.phase.serverCpu / l.delivered) * 1e6).toFixed(1)} µs`);
  row('  of which in the kernel', (l) => `${((l.serverSystem / l.delivered) * 1e6).toFixed(1)} µs`);
  row('server CPU (of one core)', (l) => `${((l.phase.serverCpu / l.phase.wall) * 100).toFixed(0)} %`);
  row('server waiting for a CPU', (l) => `${((l.phase.serverWait / l.phase.wall) * 100).toFixed(0)} %`);
  row('client processes CPU (of one core)', (l) => `${((l.clientCpu / l.phase.wall) * 100).toFixed(0)} %`);
  row('sender process CPU (of one core)', (l) => `${((l.phase.benchCpu / l.phase.wall) * 100).toFixed(0)} %`);
  row('machine CPU pressure (PSI some)', (l) => `${((l.phase.pressure / l.phase.wall) * 100).toFixed(0)} %`);
  lines.push(...perfLines);
  let failed = false;
  for (const l of layouts) {
    if (l.sendErrors || l.duplicates || l.lost || l.delivered < l.expected) {
      failed = true;
      lines.push(
        `  ERROR clients in ${l.procs}: ${l.sendErrors} failed sends${l.firstError ? ` (${l.firstError})` : ''}, ` +
          `${int(l.expected - l.delivered)} deliveries missing, ${l.duplicates} duplicates, ${l.lost} connections lost`,
      );
    }
    if (l.missingTimings)
      lines.push(`  note: clients in ${l.procs}: ${l.missingTimings} messages without a full timing`);
  }
  const best = layouts[layouts.length - 1]!;
  const p99 = best.latency.percentile(0.99);
  lines.push(
    `  ${p99 < P99_TARGET_MS ? 'PASS' : 'FAIL'}  delivery latency p99 ${ms(p99)} with the clients in ${best.procs} processes (target < ${P99_TARGET_MS} ms)`,
  );
  return { lines, p99, failed };
}
