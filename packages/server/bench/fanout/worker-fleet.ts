// Client sockets spread over child processes (bench/fanout/client-worker.ts), so that no single
// client process's CPU or open-file limit is what a run measures. Worker i opens its sockets from
// 127.0.0.<i + 2>: each source address has its own ephemeral ports, so tens of thousands of
// sockets to one server port do not run out of them.
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { track } from '../lib/processes.ts';

const WORKER = fileURLToPath(new URL('./client-worker.ts', import.meta.url));

export interface WorkerStats {
  delivered: number;
  duplicates: number;
  strays: number;
  lost: number;
}

/** What the workers received since the last take: each delivery's latency, and per message when its last recipient got it. */
export interface Receipts {
  latency: Float64Array[];
  lastAt: Map<number, number>;
}

class Worker {
  #id = 0;
  readonly #pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  readonly proc: ChildProcess;

  constructor() {
    this.proc = track(fork(WORKER, [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
    this.proc.on('message', (msg: { id: number; result?: unknown; error?: string }) => {
      const pending = this.#pending.get(msg.id);
      if (!pending) return;
      this.#pending.delete(msg.id);
      if (msg.error) pending.reject(new Error(msg.error));
      else pending.resolve(msg.result);
    });
    this.proc.once('exit', (code, signal) => {
      for (const p of this.#pending.values()) p.reject(new Error(`client worker exited (${code ?? signal})`));
      this.#pending.clear();
    });
  }

  call<T>(req: Record<string, unknown>): Promise<T> {
    const id = ++this.#id;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.proc.send({ id, req });
    });
  }
}

export class WorkerFleet {
  readonly #workers: Worker[];

  constructor(processes: number) {
    this.#workers = Array.from({ length: processes }, () => new Worker());
  }

  get pids(): number[] {
    return this.#workers.map((w) => w.proc.pid!);
  }

  /** Connects every token's socket, the tokens dealt out to the workers in turn; resolves with the time taken in ms. */
  async connect(url: string, tokens: string[], batch: number): Promise<number> {
    const start = performance.now();
    const k = this.#workers.length;
    await Promise.all(
      this.#workers.map((w, i) =>
        w.call({
          op: 'connect',
          url,
          tokens: tokens.filter((_, t) => t % k === i),
          localAddress: `127.0.0.${i + 2}`,
          batch: Math.max(1, Math.round(batch / k)),
        }),
      ),
    );
    return performance.now() - start;
  }

  async stats(): Promise<WorkerStats> {
    const all = await Promise.all(this.#workers.map((w) => w.call<WorkerStats>({ op: 'stats' })));
    return all.reduce((a, b) => ({
      delivered: a.delivered + b.delivered,
      duplicates: a.duplicates + b.duplicates,
      strays: a.strays + b.strays,
      lost: a.lost + b.lost,
    }));
  }

  async take(): Promise<Receipts> {
    const all = await Promise.all(
      this.#workers.map((w) => w.call<{ latency: Float64Array; last: [number, number][] }>({ op: 'take' })),
    );
    const lastAt = new Map<number, number>();
    for (const { last } of all) for (const [index, at] of last) lastAt.set(index, Math.max(lastAt.get(index) ?? 0, at));
    return { latency: all.map((a) => a.latency), lastAt };
  }

  async close(): Promise<void> {
    await Promise.all(this.#workers.map((w) => w.call({ op: 'close' })));
  }

  /** Ends the worker processes. */
  async stop(): Promise<void> {
    await Promise.all(
      this.#workers.map(
        (w) =>
          new Promise<void>((resolve) => {
            if (w.proc.exitCode !== null || w.proc.signalCode !== null) return resolve();
            w.proc.once('exit', () => resolve());
            w.proc.disconnect();
          }),
      ),
    );
  }
}
