// The README's first line as a newcomer runs it: `npm start` (after `npm install`) with the
// machine's own Node first on PATH, older than 22 here, and no environment of ours: it serves.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
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
