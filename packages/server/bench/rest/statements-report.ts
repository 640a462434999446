// What bench/rest/statements-probe.ts counted in the OiChat server, per send: each statement's
// calls, main-thread CPU and wall time, the costliest first, and the totals.
import { readFileSync } from 'node:fs';

type Row = [sql: string, calls: number, cpu: number, wall: number];

export function statementsReport(file: string, sends: number): string[] {
  const rows = (JSON.parse(readFileSync(file, 'utf8')) as Row[]).sort((a, b) => b[2] - a[2]);
  const per = (v: number) => (v / sends).toFixed(v / sends < 10 ? 2 : 1);
  const total = rows.reduce((t, [, calls, cpu, wall]) => [t[0]! + calls, t[1]! + cpu, t[2]! + wall], [0, 0, 0]);
  const lines = [
    `SQLite statements in the OiChat server over the measured rounds, per send (${sends} sends;`,
    'CPU: the main thread inside the statement call, COMMIT with its WAL writes included):',
    `  ${'calls'.padStart(6)}${'CPU µs'.padStart(9)}${'wall µs'.padStart(9)}  statement`,
  ];
  for (const [sql, calls, cpu, wall] of rows.slice(0, 25))
    lines.push(`  ${per(calls).padStart(6)}${per(cpu).padStart(9)}${per(wall).padStart(9)}  ${sql.slice(0, 110)}`);
  if (rows.length > 25) lines.push(`  … and ${rows.length - 25} more statements`);
  lines.push(`  ${per(total[0]!).padStart(6)}${per(total[1]!).padStart(9)}${per(total[2]!).padStart(9)}  in all`);
  return lines;
}
