/**
 * The last change number seen per room (edits, deletes, reactions, pins, reply counts: the
 * server numbers a room's changes in order). Sent as `changes` on each connection, next to
 * `resume`, so the server replays the changes missed meanwhile; checked on each change event so
 * a change replayed twice reaches the application once.
 */
export class ChangeTracker {
  readonly #last = new Map<string, number>();
  /** Whether the server can be told where we are: after a `ready`, or when given a persisted state. */
  #known: boolean;

  constructor(initial?: Record<string, number>) {
    this.#known = initial !== undefined;
    if (initial)
      for (const [roomId, n] of Object.entries(initial))
        if (Number.isSafeInteger(n) && n >= 0) this.#last.set(roomId, n);
  }

  /** Whether a change is new; records it when it is. */
  accept(roomId: string, changeSeq: number): boolean {
    const last = this.#last.get(roomId);
    if (last !== undefined && changeSeq <= last) return false;
    this.#last.set(roomId, changeSeq);
    return true;
  }

  /**
   * A message came in a state changes left it in (`message.created` with `change_seq`): that
   * change counts as seen, so a later resume does not replay it; the message's event is its own.
   */
  advance(roomId: string, changeSeq: number): void {
    if (changeSeq > (this.#last.get(roomId) ?? 0)) this.#last.set(roomId, changeSeq);
  }

  forget(roomId: string): void {
    this.#last.delete(roomId);
  }

  /**
   * On `ready`: rooms we left are dropped; rooms we did not know start at their last change, but
   * for those `replayed` (resumed without a change number: the server replays every change of
   * them, from 0, right after `ready`).
   */
  sync(rooms: readonly { room_id: string; last_change_seq?: number }[], replayed: ReadonlySet<string>): void {
    this.#known = true;
    const current = new Set(rooms.map((r) => r.room_id));
    for (const roomId of [...this.#last.keys()]) if (!current.has(roomId)) this.#last.delete(roomId);
    for (const room of rooms) {
      const newest = room.last_change_seq ?? 0;
      const last = this.#last.get(room.room_id);
      if (last === undefined) this.#last.set(room.room_id, replayed.has(room.room_id) ? 0 : newest);
      else if (last > newest) this.#last.set(room.room_id, newest);
    }
  }

  /** What to send as `changes`, or undefined while we cannot say (a first connection without a persisted state). */
  snapshot(): Record<string, number> | undefined {
    return this.#known ? Object.fromEntries(this.#last) : undefined;
  }
}
