// `--scenario=idle`: server memory per idle authenticated connection, at several connection
// counts on one node, with the client sockets spread over FANOUT_CLIENT_PROCS child processes
// (bench/fanout/worker-fleet.ts), each under its own open-file limit and from its own loopback
// source address. After each step the server's RSS and V8 heap are read right after a forced GC
// (as scenario 2 does); the growth per connection between steps (the slope) shows whether the
// cost per connection stays flat as the count grows, so that a count this machine cannot hold is
// N × slope over the idle server.
//
// What bounds the count on one node: the server's open-file limit (one descriptor a socket; Node
// raises its soft limit to the hard one, `ulimit -Hn`), printed with the figures. FANOUT_IDLE_STEPS
// (default: 2 500, 5 000, 10 000, then as many as that limit allows, less 200 for the server's own
// files) sets the counts. Users are in rooms of FANOUT_IDLE_ROOM_SIZE (10), so each connection
// follows a room, as a real client's does.
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { memory } from '../lib/inspector.ts';
import { envNumber, int, mib } from '../lib/measure.ts';
import { BATCH, MEMORY_TARGET_BYTES } from './settings.ts';
import { oichatTarget, stopServer } from './targets.ts';
import { WorkerFleet } from './worker-fleet.ts';

const PROCS = envNumber('FANOUT_CLIENT_PROCS', 4);
const ROOM_SIZE = envNumber('FANOUT_IDLE_ROOM_SIZE', 10);
/** Descriptors the server holds besides its client sockets (database, listener, inspector, stdio…), with room to spare. */
const SERVER_OWN_FILES = 200;
const GOAL_CONNECTIONS = 50_000;

/** The `Max open files` soft and hard limits of a process. */
function openFileLimits(pid: number): { soft: number; hard: number } {
  const line = readFileSync(`/proc/${pid}/limits`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('Max open files'));
  const [soft, hard] = (line ?? '')
    .split(/\s{2,}/)
    .slice(1, 3)
    .map(Number);
  return { soft: soft ?? NaN, hard: hard ?? NaN };
}

const openFiles = (pid: number) => readdirSync(`/proc/${pid}/fd`).length;

/** Least-squares slope of y over x. */
function slope(points: [number, number][]): number {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p[0], 0) / n;
  const my = points.reduce((s, p) => s + p[1], 0) / n;
  let num = 0;
  let den = 0;
  for (const [x, y] of points) {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  }
  return num / den;
}

export async function idleScenario(dir: string): Promise<{ lines: string[]; perConnection: number; failed: boolean }> {
  const limit = openFileLimits(process.pid);
  const most = Math.floor((limit.soft - SERVER_OWN_FILES) / ROOM_SIZE) * ROOM_SIZE;
  const steps = (process.env.FANOUT_IDLE_STEPS ?? [2500, 5000, 10_000, most].filter((s) => s <= most).join(','))
    .split(',')
    .map(Number);
  const total = steps[steps.length - 1]!;
  if (steps.some((s, i) => !Number.isInteger(s) || s <= 0 || (i > 0 && s <= steps[i - 1]!)))
    throw new Error(`FANOUT_IDLE_STEPS must be increasing connection counts; got ${steps.join(',')}`);
  const layout = { rooms: Math.ceil(total / ROOM_SIZE), membersPerRoom: ROOM_SIZE };
  const target = await oichatTarget(dir, 'idle', layout, true, {
    env: {
      OICHAT_WS_MAX_CONNECTIONS: String(total + 100),
      OICHAT_WS_MAX_UNAUTHENTICATED_PER_IP: String(Math.max(50, BATCH)),
    },
  });
  const { server } = target;
  const serverLimit = openFileLimits(server.pid);
  const lines = [
    `Idle connections: one OiChat node (SQLite), ${int(total)} users in rooms of ${ROOM_SIZE}, clients in ${PROCS} processes`,
    `  open-file limit: server soft ${int(serverLimit.soft)} / hard ${int(serverLimit.hard)} (this machine's ulimit -Hn: ${int(limit.hard)}); ` +
      `one descriptor per socket, so one server process here holds at most ~${int(serverLimit.soft - SERVER_OWN_FILES)} connections`,
    `  idle server (restarted after setup, forced GC): RSS ${mib(target.before!.rss)} MiB, heap ${mib(target.before!.heapUsed ?? 0)} MiB`,
  ];
  const fleet = new WorkerFleet(PROCS);
  const points: { n: number; rss: number; heap: number; fds: number }[] = [];
  let failed = false;
  try {
    let connected = 0;
    for (const step of steps) {
      const ms = await fleet.connect(target.wsUrl, target.tokens.slice(connected, step), BATCH);
      connected = step;
      await sleep(3000); // handshakes, presence and ready frames done; then a forced GC
      const after = await memory(server);
      points.push({ n: step, rss: after.rss, heap: after.heapUsed ?? NaN, fds: openFiles(server.pid) });
      process.stdout.write(
        `  [idle] ${int(step)} connections (${(ms / 1000).toFixed(1)} s for the last ${int(step - (points[points.length - 2]?.n ?? 0))}): ` +
          `server RSS ${mib(after.rss)} MiB, heap ${mib(after.heapUsed ?? 0)} MiB, ${int(points[points.length - 1]!.fds)} open files\n`,
      );
    }
    const stats = await fleet.stats();
    if (stats.lost > 0) {
      failed = true;
      lines.push(`  ERROR: ${stats.lost} client connections closed by the server while idle`);
    }
  } finally {
    await fleet.close().catch(() => {});
    await fleet.stop();
    await stopServer(server);
  }
  const before = target.before!;
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`;
  lines.push(
    '  connections   server RSS   per conn (RSS)   slope since previous   heap   per conn (heap)   open files',
  );
  points.forEach((p, i) => {
    const prev = i > 0 ? points[i - 1]! : { n: 0, rss: before.rss };
    lines.push(
      `  ${int(p.n).padStart(11)}   ${`${mib(p.rss)} MiB`.padStart(10)}   ${kb((p.rss - before.rss) / p.n).padStart(14)}   ` +
        `${kb((p.rss - prev.rss) / (p.n - prev.n)).padStart(20)}   ${`${mib(p.heap)} MiB`.padStart(9)}   ` +
        `${kb((p.heap - (before.heapUsed ?? NaN)) / p.n).padStart(15)}   ${int(p.fds).padStart(10)}`,
    );
  });
  const rssSlope = points.length > 1 ? slope(points.map((p) => [p.n, p.rss])) : NaN;
  const heapSlope = points.length > 1 ? slope(points.map((p) => [p.n, p.heap])) : NaN;
  const last = points[points.length - 1]!;
  const perConnection = (last.rss - before.rss) / last.n;
  lines.push(
    `  fitted slope over the steps: ${kb(rssSlope)} RSS and ${kb(heapSlope)} V8 heap per connection; ` +
      `${int(GOAL_CONNECTIONS)} connections would take ~${mib(before.rss + GOAL_CONNECTIONS * rssSlope)} MiB of server RSS ` +
      `(a node allowed ≥ ${int(GOAL_CONNECTIONS + SERVER_OWN_FILES)} open files: ulimit -n, LimitNOFILE= in systemd)`,
    `  ${perConnection < MEMORY_TARGET_BYTES && rssSlope < MEMORY_TARGET_BYTES ? 'PASS' : 'FAIL'}  server RSS per idle connection ${kb(perConnection)} at ${int(last.n)}, slope ${kb(rssSlope)} ` +
      `(target ≤ ${MEMORY_TARGET_BYTES / 1024} KB; ${int(GOAL_CONNECTIONS)} not reachable here: the open-file limit above)`,
  );
  return { lines, perConnection, failed };
}
