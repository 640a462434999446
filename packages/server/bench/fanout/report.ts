// The report of a scenario: OiChat and the bare server side by side with their ratio, then any
// overload, error or note the run had. A run with errors (lost, repeated or refused deliveries,
// connections dropped) is marked failed: its figures are not reliable.
import { int, ms, ratio } from '../lib/measure.ts';
import type { Phase, Run } from './measurement.ts';
import { WINDOW } from './settings.ts';

function rate(phase: Phase, count: number): number {
  return phase.active > 0 ? count / (phase.active / 1000) : NaN;
}

function table(rows: [string, string, string, string][]): string[] {
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r, n) => {
    const line = `  ${r[0].padEnd(widths[0]!)}  ${r[1].padStart(widths[1]!)}  ${r[2].padStart(widths[2]!)}  ${r[3].padStart(widths[3]!)}`;
    return n === 0 ? `${line}\n  ${'-'.repeat(line.length - 2)}` : line;
  });
}

/** A scenario's report: its lines, and what the targets and the exit code are judged on. */
export interface Report {
  lines: string[];
  p99: number;
  memory: number | null;
  overloaded: boolean;
  /** The run had errors (see its ERROR lines). */
  failed: boolean;
}

export function report(title: string, o: Run, b: Run, offered: string): Report {
  type Row = [string, string, string, string];
  const rows: Row[] = [['', 'OiChat', 'bare ws', 'OiChat / bare']];
  const both = (label: string, f: (r: Run) => number, fmt: (v: number) => string, withRatio = true) => {
    const x = f(o);
    const y = f(b);
    rows.push([label, fmt(x), fmt(y), withRatio ? ratio(x, y) : '']);
  };
  const secs = (v: number) => `${v.toFixed(1)} s`;
  const kb = (v: number) => `${(v / 1024).toFixed(2)} KB`;
  const pct = (v: number) => (Number.isFinite(v) ? `${(v * 100).toFixed(0)} %` : '-');
  const us = (v: number) => (Number.isFinite(v) ? `${v.toFixed(1)} µs` : '-');
  both(`${int(o.connections)} clients connected in`, (r) => r.connectMs / 1000, secs);
  both('  server CPU time for it', (r) => r.connect.serverCpu, secs);
  both('  presence frames clients got meanwhile', (r) => r.connectFrames, int);
  if (o.memoryPerConnection && b.memoryPerConnection) {
    both('server RSS per idle connection', (r) => r.memoryPerConnection!.rss, kb);
    if (o.memoryPerConnection.heap !== null && b.memoryPerConnection.heap !== null)
      both('  of which V8 heap', (r) => r.memoryPerConnection!.heap!, kb);
    if (o.memoryPerConnection.buffers !== null && b.memoryPerConnection.buffers !== null)
      both('  of which Buffers', (r) => r.memoryPerConnection!.buffers!, kb);
  }
  for (const [what, pick] of [
    [`paced, ${offered}`, (r: Run) => r.paced],
    [`max, ≤ ${WINDOW} messages in flight`, (r: Run) => r.max],
  ] as const) {
    const p = pick(o);
    const q = pick(b);
    rows.push([`${what}: messages sent`, int(p.sent), int(q.sent), '']);
    rows.push([
      '  deliveries received / expected',
      `${int(p.delivered)} / ${int(p.expected)}`,
      `${int(q.delivered)} / ${int(q.expected)}`,
      '',
    ]);
    both('  latency p50', (r) => pick(r).latency.percentile(0.5), ms);
    both('  latency p99', (r) => pick(r).latency.percentile(0.99), ms);
    both('  latency max', (r) => pick(r).latency.percentile(1), ms);
    both('  send call (HTTP round trip) p99', (r) => pick(r).sendTime.percentile(0.99), ms);
    both('  messages/s', (r) => rate(pick(r), pick(r).sent), int);
    both('  deliveries/s', (r) => rate(pick(r), pick(r).delivered), int);
    both('  server CPU per delivery', (r) => (pick(r).serverCpu / pick(r).delivered) * 1e6, us);
    both('  deliveries/s at 100 % of one core', (r) => pick(r).delivered / pick(r).serverCpu, int);
    both('  server CPU (of one core)', (r) => pick(r).serverCpu / pick(r).wall, pct, false);
    both('  server waiting for a CPU', (r) => pick(r).serverWait / pick(r).wall, pct, false);
    both('  bench process CPU', (r) => pick(r).benchCpu / pick(r).wall, pct, false);
    both('  machine CPU pressure (PSI some)', (r) => pick(r).pressure / pick(r).wall, pct, false);
    if (what.startsWith('paced')) both('  sender behind schedule, worst', (r) => pick(r).maxSendLag, ms, false);
  }
  const lines = [title, ...table(rows)];
  let overloaded = false;
  let failed = false;
  for (const run of [o, b]) {
    for (const p of [run.paced, run.max]) {
      const missing = p.expected - p.delivered;
      if (p.overloadErrors) {
        overloaded = true;
        lines.push(
          `  OVERLOAD ${run.kind} ${p.name}: ${p.overloadErrors} of ${p.sent} sends got no answer in time (${p.firstError}); their deliveries are not counted`,
        );
      }
      if (p.sendErrors || missing > 0 || p.duplicates) {
        failed = true;
        lines.push(
          `  ERROR ${run.kind} ${p.name}: ${p.sendErrors} failed sends${p.sendErrors && p.firstError ? ` (${p.firstError})` : ''}, ${int(missing)} deliveries missing, ${int(p.duplicates)} duplicates`,
        );
      }
    }
    if (run.lostConnections) {
      failed = true;
      lines.push(`  ERROR ${run.kind}: ${run.lostConnections} client connections closed by the server during the run`);
    }
    if (run.strays)
      lines.push(`  note: ${run.kind}: ${run.strays} frames of messages whose send had failed arrived later`);
  }
  if (o.paced.profile) lines.push(...o.paced.profile);
  return {
    lines,
    p99: o.paced.latency.percentile(0.99),
    memory: o.memoryPerConnection?.rss ?? null,
    overloaded,
    failed,
  };
}
