// `npm test` of this package (scripts/test.mjs): a pass on an older Node still gets a Node able
// to run the server, and a pass that fails reads as failed in its summary line.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { passCounts, passLine } from '../../scripts/pass-summary.mjs';
import { server } from '../helpers/env.ts';
import { findServerNode } from '../helpers/server.ts';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '../..');
const major = Number(process.versions.node.split('.')[0]);
const temp = mkdtempSync(join(tmpdir(), 'oichat-test-runner-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const report = (passed: number, failed: number, failedSuites = 0) => ({
  numPassedTests: passed,
  numFailedTests: failed,
  numPendingTests: 1,
  numTodoTests: 0,
  numFailedTestSuites: failedSuites,
});

describe('a pass summary', () => {
  it('counts what vitest reports', () => {
    expect(passCounts(report(10, 2), 1)).toEqual({ passed: 10, failed: 2, skipped: 1 });
    expect(passCounts(report(10, 0), 0)).toEqual({ passed: 10, failed: 0, skipped: 1 });
  });

  it('never says 0 failed for a pass whose vitest failed', () => {
    // A global setup that threw, a file that did not load: no failed test, yet a failed run.
    expect(passCounts(report(10, 0, 3), 1).failed).toBe(3);
    expect(passCounts(report(10, 0), 1).failed).toBe(1);
    expect(passCounts(null, 1)).toEqual({ passed: 0, failed: 1, skipped: 0 });
    expect(passCounts(null, null).failed).toBe(1);
    expect(passLine('v20.1.0', passCounts(null, 1), 1)).toBe(
      '[server-sdk] Node v20.1.0 pass (vitest exited with 1): 0 tests passed, 1 failed, 0 skipped',
    );
  });

  it('scripts/test.mjs prints a failed count for a pass that fails without a failed test, and exits non-zero', () => {
    // A file filter that matches nothing: vitest exits 1 with no test run at all.
    const r = spawnSync(process.execPath, ['scripts/test.mjs', 'test/no-such-file.test.ts'], {
      cwd: packageDir,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.status, r.stdout + r.stderr).not.toBe(0);
    const passLines = r.stdout.split('\n').filter((l) => /^\[server-sdk\] Node v[\d.]+ pass/.test(l));
    expect(passLines.length).toBeGreaterThan(0);
    for (const line of passLines) expect(line).toMatch(/: 0 tests passed, [1-9]\d* failed/);
    expect(r.stdout).toMatch(/^server-sdk: 0 passed, [1-9]\d* failed, 0 skipped$/m);
  });
});

describe('the Node that runs the server', () => {
  /** A directory holding `node`, a link to the Node running this (>= 22 when the server runs). */
  function dirWithNode(name: string, target: string): string {
    const dir = join(temp, name);
    mkdirSync(dir, { recursive: true });
    symlinkSync(target, join(dir, 'node'));
    return dir;
  }
  const noCache = { OICHAT_NODE_HOME: join(temp, 'no-cache') };

  it.runIf(major >= 22)('is found on PATH when the tests run on an older Node and nothing else is set', () => {
    const modern = dirWithNode('modern', process.execPath);
    const found = findServerNode({
      env: { ...noCache, PATH: ['/nonexistent', modern].join(':') },
      execPath: '/usr/bin/node',
      version: 'v20.20.2',
    });
    expect(found).toBe(join(modern, 'node'));
  });

  it.runIf(major >= 22)('is OICHAT_SERVER_NODE first, then the Node running the tests', () => {
    expect(
      findServerNode({
        env: { ...noCache, OICHAT_SERVER_NODE: process.execPath, PATH: '' },
        execPath: '/usr/bin/node',
        version: 'v20.20.2',
      }),
    ).toBe(process.execPath);
    expect(
      findServerNode({ env: { ...noCache, PATH: '' }, execPath: process.execPath, version: process.version }),
    ).toBe(process.execPath);
  });

  it('is none when no Node >= 22 is anywhere (the server tests then skip, saying why)', () => {
    const old = spawnSync('/usr/bin/node', ['-p', 'process.version'], { encoding: 'utf8' });
    const oldVersion = old.status === 0 ? old.stdout.trim() : 'v20.0.0';
    const oldDir = old.status === 0 && Number(oldVersion.slice(1).split('.')[0]) < 22 ? '/usr/bin' : '/nonexistent';
    expect(
      findServerNode({ env: { ...noCache, PATH: oldDir }, execPath: '/usr/bin/node', version: oldVersion }),
    ).toBeNull();
  });

  it.runIf(major < 22 && process.env.OICHAT_SERVER_NODE)(
    'was handed to this pass on an older Node, which has the real server',
    () => {
      expect(server.available, server.available ? '' : server.reason).toBe(true);
    },
  );
});
