/**
 * What the `oichat` command says about a bad command line, and about a Node.js too old for it: the
 * BUILT CLI (dist/cli/main.js, so run `npm run build -w @oichat/server` first) in child processes,
 * against databases in temporary directories. Every test has its own directory and processes, so
 * they run concurrently (each CLI start costs about half a second of CPU).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertCliBuilt, CLI, cleanUpCommands, run, tempDir } from '../helpers/cli.js';

beforeAll(assertCliBuilt);
afterAll(cleanUpCommands);

describe.concurrent('command line errors', () => {
  it.each([
    [['projects', 'list', '--bogus'], '--bogus'],
    [['projects', 'remove'], 'projects remove'],
    [['serve', '--port', 'eighty'], '--port'],
  ])('%j exits 2 with a message naming %s', async (args, named) => {
    const dir = await tempDir();
    const res = await run([...args, '--database', join(dir, 'x.db')], { cwd: dir });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(named);
    expect(res.stdout).not.toMatch(/listening/);
  });
});

/** A Node.js older than 22 on this machine (Debian's, here), to check the CLI refuses it clearly. */
const OLD_NODE = ['/usr/bin/node', '/usr/local/bin/node'].find((path) => {
  if (!existsSync(path)) return false;
  const major = Number(
    spawnSync(path, ['-p', 'process.versions.node.split(".")[0]'], { encoding: 'utf8' }).stdout.trim(),
  );
  return major > 0 && major < 22;
});
if (!OLD_NODE) console.log('[oichat] skipping the old-Node CLI test: no Node.js older than 22 on this machine');

describe.skipIf(!OLD_NODE)('on a Node.js older than 22', () => {
  it('oichat serve exits 1 saying which Node.js it needs, instead of crashing', async () => {
    const dir = await tempDir();
    const res = spawnSync(OLD_NODE!, [CLI, 'serve', '--port', '0', '--database', join(dir, 'x.db')], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 15_000,
    });
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(/^oichat: needs Node\.js 22 or newer; this is v\d+/);
    expect(existsSync(join(dir, 'x.db'))).toBe(false);
  });
});
