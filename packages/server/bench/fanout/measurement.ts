// What a run measures, per server and per phase: latencies, counts of sends and deliveries
// (missing and duplicate ones too), and the CPU the server, this process and the machine spent
// while it lasted.
import { cpuPressureSeconds, cpuSeconds, schedSeconds } from '../lib/proc-stats.ts';
import { Samples } from '../lib/measure.ts';
import type { Server } from './targets.ts';

export interface Phase {
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

export function newPhase(name: string): Phase {
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

export interface Run {
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
export async function measure(phase: Phase, server: { pid: number }, body: () => Promise<void>): Promise<void> {
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
