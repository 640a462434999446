// What both benchmarks run as child processes: the built `oichat` CLI and servers, tracked so an
// interrupted or failed run leaves none behind; and the built server SDK they drive.
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
export const CLI = join(HERE, '..', '..', 'dist', 'cli', 'main.js');
const SDK = pathToFileURL(join(HERE, '..', '..', '..', 'server-sdk', 'dist', 'esm', 'index.js')).href;

const children = new Set<ChildProcess>();

/** Remembers a child until it exits, for killChildren(). */
export function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

export function killChildren(): void {
  for (const child of [...children]) child.kill('SIGKILL');
}

/** SIGTERM (a graceful shutdown, as in production), SIGKILL if it has not exited after `killAfterMs`. */
export async function stopChild(child: ChildProcess, killAfterMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  await exited;
  clearTimeout(timer);
}

/** Runs `oichat …` to completion; resolves with what it printed on stdout. */
export function runCli(cliArgs: string[], env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return new Promise((resolve, reject) => {
    const proc = track(spawn(process.execPath, [CLI, ...cliArgs], { env, stdio: ['ignore', 'pipe', 'pipe'] }));
    let out = '';
    let err = '';
    proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    proc.once('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`oichat ${cliArgs.join(' ')} exited ${code}: ${err || out}`)),
    );
  });
}

/** The OiChat class of the server SDK, as the benches construct it; `Sdk`: the part of it a bench uses. */
export type SdkClass<Sdk> = new (options: {
  apiKey: string;
  secretKey: string;
  projectId: string;
  baseUrl: string;
  maxRetries?: number;
  timeout?: number;
}) => Sdk;

/** The OiChat class of the built @oichat/server-sdk (typed by the caller, for the part it uses). */
export async function loadSdk<T>(): Promise<T> {
  try {
    return ((await import(SDK)) as { OiChat: T }).OiChat;
  } catch (err) {
    throw new Error(
      `cannot load the server SDK build (${SDK}): run npm run build -w @oichat/server-sdk\n${String(err)}`,
    );
  }
}
