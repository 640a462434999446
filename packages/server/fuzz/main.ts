// npm run fuzz [-- --requests N] [--seed N] [--concurrency N] [--max-heap-growth-mb N]: fuzzes a real
// `oichat serve` on SQLite with requests generated from its own OpenAPI document, plus WebSocket
// sessions (fuzz/run.ts). Prints the answers by status class and every finding with what to send
// to reproduce it; exits 1 on any 5xx, crash, hang or memory growth past the bound.
//
// Runs as plain TypeScript on Node >= 22.18: node fuzz/main.ts (after npm run build).
import { parseArgs } from 'node:util';
import { DEFAULTS, runFuzz } from './run.ts';

const { values } = parseArgs({
  options: {
    requests: { type: 'string' },
    seed: { type: 'string' },
    concurrency: { type: 'string' },
    'max-heap-growth-mb': { type: 'string' },
  },
});
const number = (v: string | undefined, fallback: number) => {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`expected a whole number, got "${v}"`);
  return n;
};

const options = {
  requests: number(values.requests, DEFAULTS.requests),
  seed: number(values.seed, Date.now() % 1_000_000),
  concurrency: number(values.concurrency, DEFAULTS.concurrency),
  maxHeapGrowthMb: number(values['max-heap-growth-mb'], DEFAULTS.maxHeapGrowthMb),
};
console.log(`fuzzing ${options.requests} requests, seed ${options.seed}, ${options.concurrency} in flight`);
const report = await runFuzz({ ...options, log: (line) => console.log(line) });

console.log(`\n${report.requests} requests over ${report.operations} operations in ${report.seconds} s`);
for (const [cls, n] of Object.entries(report.byClass).sort()) console.log(`  ${cls}: ${n}`);
console.log(`  by authentication: ${JSON.stringify(report.byAuth)}`);
for (const [why, n] of Object.entries(report.networkErrors)) console.log(`  no answer (${why}): ${n}`);
console.log(
  `${report.wsSessions} WebSocket sessions, ${report.wsFrames} frames; close codes ${JSON.stringify(report.closeCodes)}`,
);
console.log(
  `server RSS: ${report.rssMb.afterWarmup} MiB after warm-up, ${report.rssMb.peak} MiB peak, ${report.rssMb.end} MiB at the end`,
);
console.log(
  `server heap after GC: ${report.heapMb.afterWarmup} MiB after warm-up, ${report.heapMb.end} MiB at the end (bound: +${options.maxHeapGrowthMb} MiB)`,
);
if (report.findings.length === 0) {
  console.log('\nno 5xx, crash, hang or memory growth past the bound');
} else {
  console.log(`\n${report.findings.length} finding(s):`);
  for (const f of report.findings) console.log(`- ${f.what}: ${f.detail}\n    ${f.reproducer}`);
}
process.exitCode = report.findings.length === 0 ? 0 : 1;
