/**
 * The last message `seq` seen per room. It is what makes reconnects lossless and duplicate-free:
 * sent as `resume` on each connection so the server replays what was missed, and checked on
 * each `message.created` so a message delivered twice (replay overlapping what had already
 * arrived) reaches the application once.
 */

export class SeqTracker {
  readonly #last = new Map<string, number>();

  constructor(initial?: Record<string, number>) {
    if (initial)
      for (const [roomId, seq] of Object.entries(initial))
        if (Number.isSafeInteger(seq) && seq >= 0) this.#last.set(roomId, seq);
  }

  /** Whether a message is new; records it when it is. */
  accept(roomId: string, seq: number): boolean {
    const last = this.#last.get(roomId);
    if (last !== undefined && seq <= last) return false;
    this.#last.set(roomId, seq);
    return true;
  }

  /** Starts following a room from `seq` (the server delivers what comes after), unless already followed. */
  follow(roomId: string, seq: number): void {
    if (!this.#last.has(roomId)) this.#last.set(roomId, seq);
  }

  forget(roomId: string): void {
    this.#last.delete(roomId);
  }

  /**
   * On `ready`: rooms we did not know start at their current last_seq (that is where the server
   * starts them when they are not in `resume`); rooms the user is no longer in are dropped.
   * Rooms that appeared while we were away are not replayed by the server: the ready event
   * lists them, for the application to read their history if it wants.
   */
  sync(rooms: readonly { room_id: string; last_seq: number }[]): void {
    const current = new Set(rooms.map((r) => r.room_id));
    for (const roomId of [...this.#last.keys()]) if (!current.has(roomId)) this.#last.delete(roomId);
    for (const room of rooms) {
      const last = this.#last.get(room.room_id);
      // A seq beyond the room's newest (a stale persisted resume) would hide the next messages.
      if (last === undefined || last > room.last_seq) this.#last.set(room.room_id, room.last_seq);
    }
  }

  get(roomId: string): number | undefined {
    return this.#last.get(roomId);
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries(this.#last);
  }
}
