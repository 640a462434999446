// The two scenarios (see the head of bench/fanout.ts) and what they share: a side is one server
// with its clients connected; the phases run on one or two sides, alternating rounds between them.
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type CpuProfile, memory, profileSummary, startProfile } from '../lib/inspector.ts';
import { int, mib } from '../lib/measure.ts';
import { Driver } from './driver.ts';
import { Fleet } from './fleet.ts';
import { measure, newPhase, type Run } from './measurement.ts';
import { type Report, report } from './report.ts';
import {
  CONNECTIONS,
  CPU_PROF,
  MAX_SECONDS,
  MEMBERS,
  RATE,
  ROOMS,
  ROUNDS,
  SECONDS,
  SPREAD_RATE,
  WARMUP_SECONDS,
  WINDOW,
} from './settings.ts';
import { baselineTarget, type Layout, oichatTarget, stopServer, type Target } from './targets.ts';

/** One server with its clients connected. */
export interface Side {
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

/** `dir`: where the servers' databases go. */
export async function scenario1(dir: string): Promise<Report> {
  const layout = { rooms: 1, membersPerRoom: MEMBERS };
  const sides: Side[] = [];
  try {
    sides.push(await openSide(await oichatTarget(dir, 's1', layout, false), layout, 's1'));
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
export async function scenario2(dir: string): Promise<Report> {
  const layout = { rooms: ROOMS, membersPerRoom: Math.round(CONNECTIONS / ROOMS) };
  const runs: Run[] = [];
  for (const open of [() => oichatTarget(dir, 's2', layout, true), () => baselineTarget(layout, true)]) {
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
