/**
 * Time for the services: what time it is, and timers. The lifetimes the API promises (24 h
 * idempotency keys and cursors, the webhook retry schedule, the 10 s realtime auth window) are
 * measured on this clock, so a server started with another one (tests) can be moved through
 * them without waiting.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Runs fn once, ms from now; the returned function cancels it. Never keeps the process alive. */
  after(ms: number, fn: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  after(ms, fn) {
    const timer = setTimeout(fn, ms);
    timer.unref();
    return () => clearTimeout(timer);
  },
};

/** Time as the API writes it: ISO-8601 UTC with milliseconds. One place, so tests and code agree. */
export const nowIso = (): string => new Date().toISOString();
export const isoAt = (ms: number): string => new Date(ms).toISOString();
