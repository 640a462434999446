/**
 * Exponential backoff with full jitter: delay = random(0, min(cap, base · 2^attempt)). Full
 * jitter (rather than a fixed doubling) spreads the reconnects of many clients dropped at once,
 * say by a server restart, over the whole window instead of hitting the new node in waves.
 */

export interface BackoffOptions {
  baseMs: number;
  capMs: number;
  /** Injected by tests; Math.random otherwise. */
  random?: () => number;
}

export function fullJitterDelay(attempt: number, { baseMs, capMs, random = Math.random }: BackoffOptions): number {
  // 2^attempt overflows to Infinity for large attempts, which min() then caps: no special case needed.
  return Math.floor(random() * Math.min(capMs, baseMs * 2 ** attempt));
}

/** Counts consecutive failures; `next()` gives the delay before the next try. */
export class Backoff {
  #attempt = 0;

  constructor(readonly options: BackoffOptions) {}

  /** How many delays were handed out since the last reset. */
  get attempt(): number {
    return this.#attempt;
  }

  next(): number {
    return fullJitterDelay(this.#attempt++, this.options);
  }

  reset(): void {
    this.#attempt = 0;
  }
}
