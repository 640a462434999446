// The README's first line as a newcomer runs it: `npm start` (after `npm install`) with the
// machine's own Node first on PATH, older than 22 here, and no environment of ours: it serves;
// and `npx oichat …` from the clone's root runs the command, on that Node too.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { oldNode, repoRoot, start, waitForOutput } from './helpers.mjs';

const temp = mkdtempSync(join(tmpdir(), 'oichat-start-'));
after(() => rmSync(temp, { recursive: true, force: true }));

/** The environment of a shell on this machine as it comes: its own bin directories only, none of our variables. */
function plainEnv() {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(npm_|OICHAT_|NODE$|NODE_OPTIONS$|PATH$|PORT$|HOST$)/i.test(k)) env[k] = v;
  }
  return { ...env, PATH: '/usr/local/bin:/usr/bin:/bin' };
}

it('npm start -- --port 0 --database … serves /readyz with the machine’s Node first on PATH', {
  skip: oldNode ? false : 'no Node.js older than 22 on this machine',
  timeout: 300_000,
}, async () => {
  const db = join(temp, 'data', 'oichat.db');
  const proc = start('npm', ['start', '--', '--port', '0', '--database', db], { cwd: repoRoot, env: plainEnv() });
  try {
    const [, url] = await waitForOutput(proc, /listening on (http:\/\/[^\s"]+)/, 240_000);
    const res = await fetch(`${url}/readyz`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ready' });
    assert.match(proc.output(), new RegExp(`database: ${db.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  } finally {
    await proc.stop();
  }
});

describe('npx oichat from the root of the clone', {
  skip: oldNode ? false : 'no Node.js older than 22 on this machine',
}, () => {
  const npx = (args) =>
    spawnSync('npx', ['oichat', ...args], { cwd: repoRoot, env: plainEnv(), encoding: 'utf8', timeout: 120_000 });

  it('--help prints the usage', () => {
    const r = npx(['--help']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^Usage:\n {2}oichat serve/);
  });

  it('projects create makes a project in the database it names, and says which', () => {
    const db = join(temp, 'npx', 'oichat.db');
    const r = npx(['projects', 'create', '--name', 'from-npx', '--database', db, '--json']);
    assert.equal(r.status, 0, r.stderr);
    const created = JSON.parse(r.stdout);
    assert.equal(created.database, db);
    assert.match(created.project_id, /^proj_/);
  });
});
