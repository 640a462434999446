// Runs a command under Node.js >= 22: `node scripts/node22.mjs <command> [args…]`.
//
// The root scripts (`npm start`, `npm test`, the build after `npm install`) go through here, so
// the README's two lines work on a machine whose `node` is older (Debian's Node 20, say) with no
// extra step: when the `node` running this is >= 22 the command runs as it is; otherwise Node 24
// comes from the npm registry (package node-<platform>-<arch>@24, as scripts/node24.sh does for
// a shell) into ~/.cache/oichat/node24 (or $OICHAT_NODE_HOME), and the command runs with that
// Node first on PATH. Written for any Node from 12 on: it runs before anything is built.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const MIN_MAJOR = 22;
const FETCH_MAJOR = 24;

export function majorOf(version) {
  return Number(String(version).replace(/^v/, '').split('.')[0]) || 0;
}

/** The registry package that carries a Node binary for this platform, or null where none does. */
export function nodePackageFor(platform, arch) {
  const os = { linux: 'linux', darwin: 'darwin', win32: 'win' }[platform];
  return os && ['x64', 'arm64'].includes(arch) ? `node-${os}-${arch}` : null;
}

export function nodeHome(env) {
  return env.OICHAT_NODE_HOME || join(homedir(), '.cache/oichat/node24');
}

function binaryIn(home, pkg, platform) {
  const dir = join(home, 'node_modules', pkg);
  return { dir, node: platform === 'win32' ? join(dir, 'node.exe') : join(dir, 'bin/node') };
}

function versionOf(node) {
  const r = spawnSync(node, ['-p', 'process.version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** The npm that runs this script when npm does (`npm start`), else `npm` from PATH. */
function npmCommand(env) {
  const cli = env.npm_execpath;
  if (cli && /\.(c|m)?js$/.test(cli) && existsSync(cli)) return [process.execPath, [cli]];
  return [process.platform === 'win32' ? 'npm.cmd' : 'npm', []];
}

/** The environment for the nested `npm install`: the outer command's npm flags (workspace, prefix, omit…) are not its. */
function installEnv(env) {
  const out = {};
  for (const [k, v] of Object.entries(env)) {
    if (
      /^npm_config_/i.test(k) &&
      !/^npm_config_(registry|cache|userconfig|globalconfig|fetch_\w+|proxy|https_proxy|noproxy|strict_ssl|cafile)$/i.test(
        k,
      )
    )
      continue;
    out[k] = v;
  }
  return out;
}

/** Installs node-<platform>-<arch>@24 into `home`, through a temporary prefix so two at once cannot half-write it. */
function fetchNode(home, pkg, env) {
  const tmp = `${home}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  console.error(`oichat: this Node.js is ${process.version}; fetching Node ${FETCH_MAJOR} (${pkg}) into ${home} …`);
  const [npm, pre] = npmCommand(env);
  const r = spawnSync(
    npm,
    [...pre, 'install', '--prefix', tmp, '--no-save', '--no-package-lock', '--loglevel=error', `${pkg}@${FETCH_MAJOR}`],
    // npm's report goes to stderr: stdout belongs to the command this runs.
    { stdio: ['ignore', 2, 2], env: installEnv(env), shell: process.platform === 'win32' },
  );
  if (r.status !== 0) {
    rmSync(tmp, { recursive: true, force: true });
    return `npm install ${pkg}@${FETCH_MAJOR} failed (${r.error ? r.error.message : `exit ${r.status}`})`;
  }
  mkdirSync(dirname(home), { recursive: true });
  try {
    renameSync(tmp, home);
  } catch {
    // Another run finished first: its copy is as good as ours.
    rmSync(tmp, { recursive: true, force: true });
  }
  return null;
}

/**
 * Finds (or fetches) a Node >= 22. Returns { node, binDir, nodedir } for the command's
 * environment (nodedir: the headers native addons build against), or { error }.
 */
export function locateNode({ env, execPath, version, platform, arch, fetch = true }) {
  // This Node goes first on PATH too, so that `node` in the command is the one that was checked.
  if (majorOf(version) >= MIN_MAJOR) return { node: execPath, binDir: dirname(execPath), nodedir: null };
  const pkg = nodePackageFor(platform, arch);
  if (!pkg) return { error: `no Node.js ${FETCH_MAJOR} package on the npm registry for ${platform}-${arch}` };
  const home = resolve(nodeHome(env));
  const { dir, node } = binaryIn(home, pkg, platform);
  const usable = () => existsSync(node) && majorOf(versionOf(node)) >= MIN_MAJOR;
  if (!usable()) {
    if (!fetch) return { error: `no Node.js ${MIN_MAJOR}+ at ${node}` };
    // A copy that is there but does not run (a broken download) is replaced.
    if (existsSync(home)) rmSync(home, { recursive: true, force: true });
    const failure = fetchNode(home, pkg, env);
    if (failure) return { error: failure };
    if (!usable()) return { error: `${node} does not run after installing ${pkg}@${FETCH_MAJOR}` };
  }
  return { node, binDir: dirname(node), nodedir: dir };
}

/** The command's environment: the chosen Node first on PATH, and named as the Node npm and node-gyp use. */
export function environmentFor(env, found) {
  const pathKey = Object.keys(env).find((k) => /^path$/i.test(k)) || 'PATH';
  const rest = (env[pathKey] || '').split(delimiter).filter((p) => p && p !== found.binDir);
  return {
    ...env,
    [pathKey]: [found.binDir, ...rest].join(delimiter),
    ...(found.nodedir && { npm_config_nodedir: found.nodedir }),
    npm_node_execpath: found.node,
    NODE: found.node,
  };
}

/**
 * Runs argv[0] with argv[1…] under a Node >= 22 (found or fetched), and exits as it exits.
 * Also used by the `oichat` command of a clone (packages/server/bin/oichat.js) on an older Node.
 */
export function run(argv) {
  const found = locateNode({
    env: process.env,
    execPath: process.execPath,
    version: process.version,
    platform: process.platform,
    arch: process.arch,
  });
  if (found.error) {
    console.error(
      `oichat: needs Node.js ${MIN_MAJOR} or newer; this is ${process.version} (${process.execPath}), and ${found.error}.\n` +
        `Install Node.js ${MIN_MAJOR}+ (https://nodejs.org) and run the command again.`,
    );
    process.exit(1);
  }
  const child = spawn(argv[0], argv.slice(1), {
    stdio: 'inherit',
    env: environmentFor(process.env, found),
    shell: process.platform === 'win32',
  });
  // Ctrl-C reaches the command directly (same process group); a SIGTERM or SIGHUP sent to this
  // process alone (a process manager) is passed on. Either way the command's exit decides ours.
  process.on('SIGINT', () => {});
  for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('error', (err) => {
    console.error(`oichat: cannot run ${argv[0]}: ${err.message}`);
    process.exit(127);
  });
  child.on('exit', (code, signal) => {
    if (!signal) process.exit(code === null ? 1 : code);
    // Die of the same signal, as a shell reports it (128 + n), with our own handlers out of the way.
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  if (process.argv.length < 3) {
    console.error('usage: node scripts/node22.mjs <command> [args…]');
    process.exit(2);
  }
  run(process.argv.slice(2));
}
