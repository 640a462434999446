/**
 * Event numbers taken with a room's message seq, for the event of that message.
 *
 * PostgreSQL: an event's number is read from a sequence while the room's row is locked by the
 * transaction (events.store.ts), which keeps a room's numbers in commit order. A send locks that
 * row already, taking the message's seq; its update returns the next event number too, kept
 * here for the transaction, and the send's event takes it instead of updating the row once more:
 * one round trip and one row version fewer per send (issue 11). SQLite: the project's counter
 * row gives the send its activity number and its event's number in one update (one writer at a
 * time, so numbers still follow commits).
 */
const numbers = new WeakMap<object, Map<string, number>>();

/** Keeps the event number the transaction `trx` took for the room's next event. */
export function keepRoomEventNumber(trx: object, roomId: string, eventSeq: number): void {
  let kept = numbers.get(trx);
  if (!kept) {
    kept = new Map();
    numbers.set(trx, kept);
  }
  kept.set(roomId, eventSeq);
}

/** The number kept for the room by this transaction, once: a second event takes a new one. */
export function takeRoomEventNumber(trx: object, roomId: string): number | undefined {
  const kept = numbers.get(trx);
  const seq = kept?.get(roomId);
  if (seq !== undefined) kept!.delete(roomId);
  return seq;
}
