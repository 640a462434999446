// A server child process (OiChat or a baseline), started and watched until it prints the URL it
// listens on (and, with --inspect, its inspector's), with its last output kept for error reports.
import { spawn, type ChildProcess } from 'node:child_process';
import { stopChild, track } from './processes.ts';

export interface Server {
  kind: string;
  proc: ChildProcess;
  pid: number;
  baseUrl: string;
  inspectorUrl: string | null;
  output: string[];
}

/** Spawns a server and resolves once it prints its URL (and, with --inspect, its inspector URL). */
export function startServer(
  kind: string,
  scriptArgs: string[],
  env: NodeJS.ProcessEnv,
  inspect: boolean,
): Promise<Server> {
  const proc = spawn(process.execPath, [...(inspect ? ['--inspect=127.0.0.1:0'] : []), ...scriptArgs], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  track(proc);
  const output: string[] = [];
  return new Promise((resolve, reject) => {
    let baseUrl: string | null = null;
    let inspectorUrl: string | null = null;
    let settled = false;
    const timer = setTimeout(() => fail(new Error(`${kind} server did not start within 30 s`)), 30_000);
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      proc.kill('SIGKILL');
      reject(new Error(`${err.message}\n${output.slice(-20).join('\n')}`));
    };
    const check = () => {
      if (!settled && baseUrl && (inspectorUrl || !inspect)) {
        settled = true;
        clearTimeout(timer);
        resolve({ kind, proc, pid: proc.pid!, baseUrl, inspectorUrl, output });
      }
    };
    const watch = (stream: NodeJS.ReadableStream) => {
      let rest = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        const lines = (rest + chunk).split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) {
          output.push(line);
          if (output.length > 200) output.shift();
          const listening = /listening on (http:\/\/\S+)/.exec(line);
          if (listening && !baseUrl) baseUrl = listening[1]!;
          const debug = /Debugger listening on (ws:\/\/\S+)/.exec(line);
          if (debug && !inspectorUrl) inspectorUrl = debug[1]!;
        }
        check();
      });
    };
    watch(proc.stdout!);
    watch(proc.stderr!);
    proc.once('exit', (code, signal) => fail(new Error(`${kind} server exited (${code ?? signal}) before listening`)));
  });
}

export const stopServer = (server: Server) => stopChild(server.proc, 15_000);
