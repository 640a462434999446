/**
 * A small typed event emitter: `on('typing', e => …)` knows `e` is a TypingEvent. Not the DOM's
 * EventTarget (payloads would have to be wrapped in Event objects) nor Node's EventEmitter (not
 * in browsers). Handlers run synchronously, in the order the server sent the frames.
 */

export type Handler<T> = (payload: T) => void;

export class TypedEmitter<Events extends object> {
  readonly #handlers = new Map<keyof Events, Set<Handler<never>>>();

  /** Subscribes; returns a function that unsubscribes. */
  on<K extends keyof Events>(event: K, handler: Handler<Events[K]>): () => void {
    let set = this.#handlers.get(event);
    if (!set) {
      set = new Set();
      this.#handlers.set(event, set);
    }
    set.add(handler as Handler<never>);
    return () => this.off(event, handler);
  }

  /** Subscribes for the next occurrence only. */
  once<K extends keyof Events>(event: K, handler: Handler<Events[K]>): () => void {
    const off = this.on(event, (payload) => {
      off();
      handler(payload);
    });
    return off;
  }

  off<K extends keyof Events>(event: K, handler: Handler<Events[K]>): void {
    const set = this.#handlers.get(event);
    if (!set) return;
    set.delete(handler as Handler<never>);
    if (set.size === 0) this.#handlers.delete(event);
  }

  listenerCount(event: keyof Events): number {
    return this.#handlers.get(event)?.size ?? 0;
  }

  emit<K extends keyof Events>(event: K, payload: Events[K]): void {
    const set = this.#handlers.get(event);
    if (!set) return;
    // A copy: a handler may unsubscribe itself (once) or others while we iterate.
    for (const handler of [...set]) {
      try {
        (handler as Handler<Events[K]>)(payload);
      } catch (err) {
        // A throwing handler must not break delivery to the others nor the socket's read loop.
        // Like a DOM event listener, the exception is reported asynchronously (uncaught), not swallowed.
        queueMicrotask(() => {
          throw err;
        });
      }
    }
  }
}
