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
// Scenario idle (--scenario=idle, only when asked): server memory per idle authenticated
//             connection at several counts up to what the open-file limit allows, the clients in
//             child processes; the slope per connection, and what 50 000 would take
//             (bench/fanout/idle.ts).
// Scenario spread (--scenario=spread, only when asked): scenario 1 with the clients in child
//             processes (1, then FANOUT_CLIENT_PROCS, alternating), each message's latency split
//             into send → hub, the server's socket writes, and client-side queueing, from a probe
//             loaded into the server (bench/fanout/spread.ts, bench/fanout/probe.ts).
//
// Flags: --scenario=1|2|idle|spread (default 1 and 2); --cpu-prof: profile the OiChat server through the
// inspector during the paced phase, print its hottest functions, keep the .cpuprofile files.
// Sizes and durations: FANOUT_MEMBERS, FANOUT_RATE, FANOUT_CONNECTIONS, FANOUT_ROOMS,
// FANOUT_SPREAD_RATE, FANOUT_SECONDS, FANOUT_WARMUP_SECONDS, FANOUT_MAX_SECONDS, FANOUT_WINDOW,
// FANOUT_ROUNDS, FANOUT_BATCH (connections opened at a time); for idle and spread,
// FANOUT_CLIENT_PROCS (client processes, 4), FANOUT_IDLE_STEPS (connection counts, comma-separated),
// FANOUT_IDLE_ROOM_SIZE (10), FANOUT_PERF=1 (spread: the server's CPU per delivery by area, from
// Linux perf). The databases live in a temporary
// folder (TMPDIR) removed at the end, also on Ctrl-C.
//
// Runs as plain TypeScript on Node >= 22.18 (type stripping) once the server and the server SDK
// are built: node packages/server/bench/fanout.ts

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { int, machineSummary, ms } from './lib/measure.ts';
import { cpuPressureLine } from './lib/proc-stats.ts';
import { killChildren } from './lib/processes.ts';
import type { Report } from './fanout/report.ts';
import { idleScenario } from './fanout/idle.ts';
import { scenario1, scenario2 } from './fanout/scenarios.ts';
import { spreadScenario } from './fanout/spread.ts';
import { CPU_PROF, MEMBERS, MEMORY_TARGET_BYTES, onlyScenario, P99_TARGET_MS, RATE } from './fanout/settings.ts';

// The parts: fanout/settings.ts (the above, read once), fanout/targets.ts (the servers, set up),
// fanout/fleet.ts (the client sockets), fanout/driver.ts (sending and matching deliveries),
// fanout/measurement.ts (what a phase records), fanout/scenarios.ts (the two scenarios),
// fanout/report.ts (the tables); lib/ holds what the cluster bench shares.

/** The servers' databases: removed at the end, also on Ctrl-C. */
let tmp = '';

function killEverything(): void {
  killChildren();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
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

  console.log(
    `fan-out bench: ${machineSummary()}, CPU pressure: ${cpuPressureLine()}\n` +
      `clients and sender in this process (pid ${process.pid}), each server in its own` +
      `${CPU_PROF ? '; OiChat server CPU-profiled during paced phases (adds overhead)' : ''}\n`,
  );
  if (onlyScenario === 'idle' || onlyScenario === 'spread') {
    try {
      const result = onlyScenario === 'idle' ? await idleScenario(tmp) : await spreadScenario(tmp);
      console.log(`\n${result.lines.join('\n')}`);
      if (result.failed) {
        console.log('\nThe run had errors (see ERROR lines): its figures are not reliable.');
        process.exitCode = 1;
      }
    } finally {
      killEverything();
    }
    console.log(`\nCPU pressure at the end: ${cpuPressureLine()}`);
    return;
  }
  const results: Report[] = [];
  try {
    if (onlyScenario !== '2') results.push(await scenario1(tmp));
    if (onlyScenario !== '1') results.push(await scenario2(tmp));
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
  if (results.some((r) => r.failed)) {
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
