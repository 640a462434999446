// `npm test`: every check and suite of the repository, the slow ones side by side.
//
//   1. in order, each needing the one before: lint, build (every package), typecheck, the signing vectors;
//   2. the suites, OICHAT_TEST_JOBS at a time (default 2): each prints its output whole when it
//      ends, so two suites never interleave their lines;
//   3. last and alone, the root tests (test/*.test.mjs): they pack the packages (npm pack rebuilds
//      their dist/) and run `npm start`, which would pull files from under a suite still running.
//
// The suites run from the build of step 1 (none rebuilds a package another may be reading), and
// a package with a test script that is not listed here fails the run instead of being skipped.
// Exit code: 0 when everything passed; the summary at the end names what failed.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');

/** Each suite: where it runs, what it runs, and its rough length (the longest start first). */
const SUITES = [
  { name: 'server', cwd: 'packages/server', cmd: ['npx', 'vitest', 'run'], weight: 10 },
  { name: 'java', cwd: '.', cmd: ['bash', 'sdks/java/scripts/test.sh'], weight: 6 },
  { name: 'server-sdk', cwd: 'packages/server-sdk', cmd: ['node', 'scripts/test.mjs'], weight: 5 },
  { name: 'ui-react', cwd: 'packages/ui-react', cmd: ['npx', 'vitest', 'run'], weight: 4 },
  { name: 'sdk', cwd: 'packages/sdk', cmd: ['npx', 'vitest', 'run'], weight: 3 },
  // Runs on the app built in the build step (next build, with its type check).
  { name: 'support-desk', cwd: 'examples/support-desk', cmd: ['npx', 'vitest', 'run'], weight: 2 },
];
/** Workspaces whose package.json has a test script, and the suite that runs it. */
const SUITE_OF_WORKSPACE = {
  'packages/server': 'server',
  'packages/server-sdk': 'server-sdk',
  'packages/sdk': 'sdk',
  'packages/ui-react': 'ui-react',
  'examples/support-desk': 'support-desk',
};

const STEPS = [
  ['lint', ['npm', 'run', '--silent', 'lint']],
  ['build', ['npm', 'run', '--silent', 'build']],
  ['typecheck', ['npm', 'run', '--silent', 'typecheck']],
  ['signing vectors', ['npm', 'run', '--silent', 'test:vectors']],
];
const rootTests = readdirSync(join(root, 'test'))
  .filter((f) => f.endsWith('.test.mjs'))
  .map((f) => `test/${f}`);
const LAST = { name: 'root', cwd: '.', cmd: ['node', '--test', ...rootTests], weight: 0 };

const jobs = Math.max(1, Number(process.env.OICHAT_TEST_JOBS ?? 2) || 2);
const only = process.argv.slice(2);

function unlistedWorkspaces() {
  const { workspaces } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  return workspaces.filter((ws) => {
    const pkg = JSON.parse(readFileSync(join(root, ws, 'package.json'), 'utf8'));
    return pkg.scripts?.test && !(ws in SUITE_OF_WORKSPACE);
  });
}

/** Runs a command; `buffered`: its output is kept and printed whole at the end, under a header. */
function run(name, cwd, cmd, buffered) {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(cmd[0], cmd.slice(1), {
      cwd: join(root, cwd),
      stdio: buffered ? ['ignore', 'pipe', 'pipe'] : 'inherit',
      env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '1' },
    });
    const chunks = [];
    if (buffered) {
      child.stdout.on('data', (c) => chunks.push(c));
      child.stderr.on('data', (c) => chunks.push(c));
    }
    child.on('error', (err) => chunks.push(Buffer.from(`${err.message}\n`)));
    child.on('close', (code, signal) => {
      const seconds = (performance.now() - started) / 1000;
      const ok = code === 0;
      if (buffered) {
        process.stdout.write(`\n===== ${name}: ${ok ? 'passed' : 'FAILED'} in ${seconds.toFixed(0)} s =====\n`);
        process.stdout.write(Buffer.concat(chunks));
        process.stdout.write(`===== end of ${name} =====\n`);
      }
      resolve({ name, ok, seconds, detail: ok ? '' : signal ? `killed by ${signal}` : `exit ${code}` });
    });
  });
}

async function main() {
  const results = [];
  const unlisted = unlistedWorkspaces();
  if (unlisted.length > 0) {
    console.error(`test-all: these workspaces have a test script that no suite runs: ${unlisted.join(', ')}`);
    console.error('Add each to SUITES and SUITE_OF_WORKSPACE in scripts/test-all.mjs.');
    return 1;
  }
  const picked = (s) => only.length === 0 || only.includes(s.name);
  if (only.length === 0) {
    for (const [name, cmd] of STEPS) {
      console.log(`\n===== ${name} =====`);
      const r = await run(name, '.', cmd, false);
      results.push(r);
      if (!r.ok) return summary(results);
    }
  }
  const queue = SUITES.filter(picked).sort((a, b) => b.weight - a.weight);
  console.log(`\n===== suites, ${jobs} at a time: ${queue.map((s) => s.name).join(', ')} =====`);
  const workers = Array.from({ length: Math.min(jobs, queue.length) }, async () => {
    for (let s = queue.shift(); s; s = queue.shift()) results.push(await run(s.name, s.cwd, s.cmd, true));
  });
  await Promise.all(workers);
  if (picked(LAST)) results.push(await run(LAST.name, LAST.cwd, LAST.cmd, true));
  return summary(results);
}

function summary(results) {
  console.log('\n===== summary =====');
  for (const r of results) {
    console.log(
      `${r.ok ? 'passed' : 'FAILED'}  ${r.name.padEnd(16)} ${r.seconds.toFixed(0).padStart(5)} s  ${r.detail}`,
    );
  }
  const failed = results.filter((r) => !r.ok);
  console.log(failed.length === 0 ? 'all passed' : `${failed.length} failed: ${failed.map((r) => r.name).join(', ')}`);
  return failed.length === 0 ? 0 : 1;
}

process.exitCode = await main();
