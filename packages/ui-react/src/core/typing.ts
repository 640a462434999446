/**
 * Who is typing where: the other users typing in each room, in the order they started. A user
 * stops showing as typing at their `stop`, when their message arrives, or a while after their
 * last `start` (a `stop` can be lost with a connection).
 */
import { Observable } from './observable.js';

/** The server's own limit is 6 s. */
const TYPING_TTL_MS = 7_000;

export class TypingState {
  /** Room id → the other users typing in it, in the order they started. */
  readonly typing = new Observable<ReadonlyMap<string, readonly string[]>>(new Map());
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();

  set(roomId: string, userId: string, typing: boolean): void {
    const timerKey = `${roomId}\u0000${userId}`;
    clearTimeout(this.#timers.get(timerKey));
    this.#timers.delete(timerKey);
    if (typing)
      this.#timers.set(
        timerKey,
        setTimeout(() => this.set(roomId, userId, false), TYPING_TTL_MS),
      );
    this.typing.update((m) => {
      const cur = m.get(roomId) ?? [];
      if (cur.includes(userId) === typing) return m;
      const next = typing ? [...cur, userId] : cur.filter((u) => u !== userId);
      return new Map(m).set(roomId, next);
    });
  }

  clear(): void {
    for (const t of this.#timers.values()) clearTimeout(t);
    this.#timers.clear();
    if (this.typing.get().size > 0) this.typing.set(new Map());
  }
}
