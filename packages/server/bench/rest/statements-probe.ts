// Loaded into the OiChat server process by bench:rest with REST_STATEMENTS=1 (`node --import
// <this file> … serve`): counts every SQLite statement the server runs and the main thread's CPU
// inside it (better-sqlite3 runs statements synchronously on that thread, so the CPU between
// entering and leaving a call is the statement's, commit and the WAL writes of COMMIT included).
// SIGUSR2 starts the count afresh (the bench sends it after its warm-up); at exit the counts go
// to the file named by OICHAT_BENCH_STATEMENTS_FILE as JSON: [sql, calls, cpu µs, wall µs][].
// The two clock reads per statement cost about a microsecond each, which the figures include.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const out = process.env.OICHAT_BENCH_STATEMENTS_FILE;
const require = createRequire(`${process.cwd()}/`);
const SQLite = require('better-sqlite3') as typeof import('better-sqlite3');

type Count = { calls: number; cpu: number; wall: number };
let counts = new Map<string, Count>();
const probe = new SQLite(':memory:');
const statementProto = Object.getPrototypeOf(probe.prepare('select 1')) as Record<string, unknown>;
probe.close();

for (const method of ['run', 'get', 'all', 'iterate']) {
  const original = statementProto[method] as (...args: unknown[]) => unknown;
  statementProto[method] = function (this: { source: string }, ...args: unknown[]) {
    const cpu = process.threadCpuUsage();
    const wall = performance.now();
    try {
      return original.apply(this, args);
    } finally {
      const used = process.threadCpuUsage(cpu);
      const sql = this.source.replace(/\s+/g, ' ');
      const count = counts.get(sql) ?? { calls: 0, cpu: 0, wall: 0 };
      count.calls++;
      count.cpu += used.user + used.system;
      count.wall += (performance.now() - wall) * 1000;
      counts.set(sql, count);
    }
  };
}

process.on('SIGUSR2', () => {
  counts = new Map();
});
process.on('exit', () => {
  if (out) writeFileSync(out, JSON.stringify([...counts].map(([sql, c]) => [sql, c.calls, c.cpu, c.wall])));
});
