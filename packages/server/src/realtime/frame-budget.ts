/**
 * The frame budget of one connection (docs/realtime.md, "Rate limits"): every request frame after
 * `ready` counts against its user's `frames` budget, in order. A frame over it is not acted on
 * and is answered `error` `rate_limited` with `retry_after_ms`; a connection that goes on sending
 * LIMITS.maxRefusedFrames frames in a row while refused is closed 4029. The budget may live in
 * Redis, so frames wait for their check in a queue of their own; while it is long the socket is
 * not read, and a flooding client is slowed by TCP instead of filling memory.
 */
import type { UserLimits } from '../services/user-limits.js';
import type { Connection } from './connection.js';
import { CLOSE, LIMITS, type ClientFrame } from './protocol.js';

export class FrameBudget {
  #queued = 0;
  #chain: Promise<void> = Promise.resolve();
  #refusedInARow = 0;

  constructor(
    private readonly conn: Connection,
    private readonly limits: UserLimits,
    private readonly handle: (frame: ClientFrame) => void,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** A frame from an authenticated connection: handled in its turn, if the budget allows. */
  offer(frame: ClientFrame): void {
    if (++this.#queued >= LIMITS.maxQueuedFrames) this.conn.ws.pause();
    this.#chain = this.#chain
      .then(() => this.#check(frame))
      .catch(this.onError)
      .finally(() => {
        if (--this.#queued < LIMITS.maxQueuedFrames && this.conn.ws.isPaused) this.conn.ws.resume();
      });
  }

  async #check(frame: ClientFrame): Promise<void> {
    const user = this.conn.user;
    if (this.conn.closed || !user) return;
    const waitMs = await this.limits.take('frames', user);
    if (this.conn.closed) return;
    if (waitMs === 0) {
      this.#refusedInARow = 0;
      return this.handle(frame);
    }
    if (++this.#refusedInARow > LIMITS.maxRefusedFrames) {
      const seconds = Math.ceil(waitMs / 1000);
      return this.conn.close(CLOSE.rateLimited, `rate_limited: retry after ${seconds} s`);
    }
    this.conn.send({
      type: 'error',
      code: 'rate_limited',
      message: `Too many frames from this user (at most ${this.limits.describe('frames')}); retry after ${Math.ceil(waitMs / 1000)} s.`,
      ref: frame.id ?? null,
      retry_after_ms: waitMs,
    });
  }
}
