/**
 * WAL checkpoints of a SQLite file, on a worker thread with its own connection, so the server's
 * event loop no longer copies the WAL back into the database. Left to SQLite, a checkpoint runs
 * inside the commit that crosses wal_autocheckpoint, on the committing thread: in bench:rest
 * that was 32 µs of every send's CPU (perf), taken as a stall of some 30 ms every thousand sends,
 * during which no request is read.
 *
 * The worker runs a PASSIVE checkpoint every second: it copies what the WAL holds without
 * waiting for or blocking the writer and readers, and the writer starts the WAL over once all
 * of it is copied. The main connection keeps an automatic checkpoint far above what a second
 * writes (sqlite.ts), so the WAL stays bounded if the worker stops or falls behind.
 */
import { createRequire } from 'node:module';
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';

const INTERVAL_MS = 1_000;
/** A worker that does not stop within this is terminated (a checkpoint is safe to cut short). */
const STOP_TIMEOUT_MS = 5_000;

// CommonJS, evaluated: the same code whether the server runs from src (tests) or dist.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.sqlite);
const db = new SQLite(workerData.path, { fileMustExist: true });
db.pragma('synchronous = NORMAL');
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (err) {
    parentPort.postMessage({ error: String(err && err.message || err) });
  }
}, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export class Checkpointer {
  readonly #worker: Worker;
  readonly #exited: Promise<unknown>;

  constructor(path: string, onError: (err: Error) => void) {
    this.#worker = new Worker(WORKER, {
      eval: true,
      workerData: { path, sqlite: createRequire(import.meta.url).resolve('better-sqlite3'), intervalMs: INTERVAL_MS },
    });
    // Never what keeps a process alive: closing the store stops it.
    this.#worker.unref();
    this.#exited = once(this.#worker, 'exit');
    this.#worker.on('message', (message: { error?: string }) => {
      if (message.error) onError(new Error(`WAL checkpoint failed: ${message.error}`));
    });
    this.#worker.on('error', (err) => onError(err));
  }

  /** Resolves once the worker has closed its connection (or, past STOP_TIMEOUT_MS, been terminated). */
  async stop(): Promise<void> {
    this.#worker.postMessage('stop');
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => {
      timer = setTimeout(() => void this.#worker.terminate().then(() => resolve()), STOP_TIMEOUT_MS);
    });
    try {
      await Promise.race([this.#exited, late]);
    } finally {
      clearTimeout(timer);
    }
  }
}
