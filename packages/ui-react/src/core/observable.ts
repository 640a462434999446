/**
 * The smallest store React's useSyncExternalStore can read: a value, replaced (never mutated) on
 * change, and listeners told after each replacement. Each slice of chat state (rooms, unread,
 * presence, one room's timeline…) is its own Observable, so a typing event re-renders the
 * typing indicator and nothing else.
 */
export type Listener = () => void;

export class Observable<T> {
  #value: T;
  readonly #listeners = new Set<Listener>();

  constructor(initial: T) {
    this.#value = initial;
  }

  /** The current value; the same object until the next set(). Arrow functions: handed to React as they are. */
  readonly get = (): T => this.#value;

  readonly subscribe = (listener: Listener): (() => void) => {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  };

  set(next: T): void {
    if (Object.is(next, this.#value)) return;
    this.#value = next;
    for (const listener of [...this.#listeners]) listener();
  }

  update(fn: (current: T) => T): void {
    this.set(fn(this.#value));
  }

  get listenerCount(): number {
    return this.#listeners.size;
  }
}
