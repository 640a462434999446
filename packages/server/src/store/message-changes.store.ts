/**
 * Changes to messages after they were sent: edits, soft deletes, pins, and the per-room change
 * numbers that order them (room_changes). A change takes the room's next change number in its
 * transaction; the counter row stays locked until commit, so a room's changes commit in number
 * order and a reader who sees change N sees every change before it.
 */
import { sql, type Updateable } from 'kysely';
import type { MessageRow } from './messages.store.js';
import type { MessagesTable } from './schema.js';
import type { Dialect, Executor } from './store.js';

export class MessageChangesStore {
  constructor(
    private readonly db: Executor,
    private readonly dialect: Dialect,
  ) {}

  /**
   * `lock`: hold the row until the transaction ends (PostgreSQL; SQLite runs one writer at a
   * time), so a change decides on the message as it is, not as a concurrent change left it.
   */
  find(projectId: string, messageId: string, { lock = false } = {}): Promise<MessageRow | undefined> {
    const q = this.db()
      .selectFrom('messages')
      .selectAll()
      .where('message_id', '=', messageId)
      .where('project_id', '=', projectId);
    return (lock && this.dialect === 'postgres' ? q.forUpdate() : q).executeTakeFirst();
  }

  /**
   * Takes the room's next change number (1, 2, …); serialises the room's changes until commit.
   *
   * PostgreSQL: the room's row is locked first. Every write of a room takes that lock (a send for
   * its seq, any event for its number), and a reply takes it before this counter (seq, then the
   * root's change): a change taking this counter first and the room row after (for its event)
   * would deadlock with a reply sent at the same moment, and one of the two would fail.
   */
  async nextChangeSeq(roomId: string): Promise<number> {
    if (this.dialect === 'postgres') {
      await this.db().selectFrom('rooms').select('room_id').where('room_id', '=', roomId).forNoKeyUpdate().execute();
    }
    const { change_seq } = await this.db()
      .insertInto('room_changes')
      .values({ room_id: roomId, change_seq: 1 })
      .onConflict((oc) =>
        oc.column('room_id').doUpdateSet((eb) => ({ change_seq: eb('room_changes.change_seq', '+', 1) })),
      )
      .returning('change_seq')
      .executeTakeFirstOrThrow();
    return Number(change_seq);
  }

  /** Each room's last change number (0 for a room never changed). */
  async lastChangeSeqs(roomIds: readonly string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>(roomIds.map((r) => [r, 0]));
    if (roomIds.length === 0) return out;
    const rows = await this.db()
      .selectFrom('room_changes')
      .select(['room_id', 'change_seq'])
      .where('room_id', 'in', roomIds)
      .execute();
    for (const r of rows) out.set(r.room_id, Number(r.change_seq));
    return out;
  }

  /** Writes the changed columns of one message. */
  async update(messageId: string, set: Updateable<MessagesTable>): Promise<void> {
    await this.db().updateTable('messages').set(set).where('message_id', '=', messageId).execute();
  }

  /**
   * Up to `limit` messages of the room changed after change number `after`, up to seq `maxSeq`
   * (the messages a client already holds), in change order.
   */
  changedSince(roomId: string, after: number, maxSeq: number, limit: number): Promise<MessageRow[]> {
    return this.db()
      .selectFrom('messages')
      .selectAll()
      .where('room_id', '=', roomId)
      .where('change_seq', '>', after)
      .where('seq', '<=', maxSeq)
      .orderBy('change_seq', 'asc')
      .limit(limit)
      .execute();
  }

  /** A room's pinned messages, newest pin first. */
  pinned(roomId: string, limit: number): Promise<MessageRow[]> {
    return this.db()
      .selectFrom('messages')
      .selectAll()
      .where('room_id', '=', roomId)
      .where('pinned_at', 'is not', null)
      .orderBy('pinned_at', 'desc')
      .orderBy('seq', 'desc')
      .limit(limit)
      .execute();
  }

  /**
   * The stored events of the room whose payload may carry the message (a text match narrows them;
   * the caller rewrites what it finds in the parsed payload).
   */
  eventsCarrying(
    projectId: string,
    roomId: string,
    messageId: string,
  ): Promise<{ event_id: string; payload: string }[]> {
    // Payloads are JSON.stringify's output: `"message_id":"msg_…"`; ids hold no LIKE wildcard but `_`.
    const pattern = `%"message_id":${JSON.stringify(messageId).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    return this.db()
      .selectFrom('events')
      .select(['event_id', 'payload'])
      .where('room_id', '=', roomId)
      .where('project_id', '=', projectId)
      .where(sql<boolean>`payload like ${pattern} escape '\\'`)
      .execute();
  }
}
