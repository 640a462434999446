// Shared by the root tests: the repository's paths, an older Node when this machine has one,
// and a child process that is always stopped (by its process group) when a test ends.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

export function majorOf(node) {
  const r = spawnSync(node, ['-p', 'process.versions.node.split(".")[0]'], { encoding: 'utf8' });
  return r.status === 0 ? Number(r.stdout.trim()) : 0;
}

/** The machine's own Node when it is older than 22 (Debian's Node 20 here), else null. */
export const oldNode =
  ['/usr/bin/node', '/usr/local/bin/node'].find((p) => existsSync(p) && majorOf(p) > 0 && majorOf(p) < 22) ?? null;

/** Starts a command in its own process group, collecting what it prints. */
export function start(command, args, options) {
  const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (s) => (out += s));
  child.stderr.setEncoding('utf8').on('data', (s) => (out += s));
  const exited = new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  return {
    child,
    exited,
    output: () => out,
    /** SIGTERM to the whole group (npm, the shells and node under it), SIGKILL if it lingers. */
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {}
        const timer = setTimeout(() => {
          try {
            process.kill(-child.pid, 'SIGKILL');
          } catch {}
        }, 10_000);
        await exited;
        clearTimeout(timer);
      }
      return exited;
    },
  };
}

/** Waits until `output()` matches `pattern`, or the process exits, or `ms` pass. */
export async function waitForOutput(proc, pattern, ms) {
  const deadline = Date.now() + ms;
  let exit = null;
  proc.exited.then((e) => (exit = e));
  for (;;) {
    const m = pattern.exec(proc.output());
    if (m) return m;
    if (exit) throw new Error(`exited (${JSON.stringify(exit)}) before printing ${pattern}:\n${proc.output()}`);
    if (Date.now() > deadline) throw new Error(`nothing matched ${pattern} in ${ms} ms:\n${proc.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
