/**
 * A clock only the test moves: it stands at the moment it was made (or `start`) until advance()
 * moves it forward, firing the timers that came due, in order. So a test decides to the
 * millisecond when a deadline passes, and a server started with it lives through 24 hours at once.
 * What the server stamps with the system's time (events, new deliveries) is "now" at most: move
 * the clock past it (advance, advanceTo) before the server's own clock is to see it as due.
 */
import type { Clock } from '../../src/services/clock.js';

interface Timer {
  at: number;
  fn: () => void;
}

export class ManualClock implements Clock {
  #now: number;
  readonly #timers = new Set<Timer>();

  constructor(start: number = Date.now()) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  after(ms: number, fn: () => void): () => void {
    const timer = { at: this.now() + ms, fn };
    this.#timers.add(timer);
    return () => this.#timers.delete(timer);
  }

  /** Timers set and not yet fired or cancelled, as ms until each is due. */
  pending(): number[] {
    const now = this.now();
    return [...this.#timers].map((t) => t.at - now).sort((a, b) => a - b);
  }

  /** Moves time forward by ms and fires, in order, the timers that came due; returns how many fired. */
  advance(ms: number): number {
    this.#now += ms;
    const now = this.#now;
    const due = [...this.#timers].filter((t) => t.at <= now).sort((a, b) => a.at - b.at);
    for (const t of due) {
      this.#timers.delete(t);
      t.fn();
    }
    return due.length;
  }

  /** Moves time forward to the moment `iso` (no-op when it has passed). */
  advanceTo(iso: string): number {
    return this.advance(Math.max(0, Date.parse(iso) - this.now()));
  }
}
