/** Messages of a room, addressed by their gapless per-room seq. */
import type { Selectable } from 'kysely';
import type { Dialect, Executor } from './store.js';
import type { MessagesTable } from './schema.js';
import { appendMessage, type UnnumberedMessage } from './message-append.js';

export type MessageRow = Selectable<MessagesTable>;
export type { UnnumberedMessage };

export class MessagesStore {
  constructor(
    private readonly db: Executor,
    private readonly dialect: Dialect,
  ) {}

  /**
   * Stores the message at its room's next seq, which it returns, and moves the room up its
   * project's room list (message-append.ts). In a transaction (a send), a rollback undoes it all.
   */
  append(message: UnnumberedMessage): Promise<number> {
    return appendMessage(this.db(), this.dialect, message);
  }

  findByClientId(roomId: string, senderId: string, clientMsgId: string): Promise<MessageRow | undefined> {
    return this.db()
      .selectFrom('messages')
      .selectAll()
      .where('room_id', '=', roomId)
      .where('sender_id', '=', senderId)
      .where('client_msg_id', '=', clientMsgId)
      .executeTakeFirst();
  }

  /** Per room, the sender's messages not yet redacted: how many, and the highest seq among them. */
  async unredactedBySender(
    projectId: string,
    senderId: string,
  ): Promise<{ room_id: string; count: number; up_to_seq: number }[]> {
    const rows = await this.db()
      .selectFrom('messages')
      .select((eb) => ['room_id', eb.fn.countAll().as('count'), eb.fn.max('seq').as('up_to_seq')])
      .where('project_id', '=', projectId)
      .where('sender_id', '=', senderId)
      .where('redacted_at', 'is', null)
      .groupBy('room_id')
      .orderBy('room_id')
      .execute();
    return rows.map((r) => ({ room_id: r.room_id, count: Number(r.count), up_to_seq: Number(r.up_to_seq) }));
  }

  /** Erases the content and metadata of every message of the sender (seq, ids and times stay). */
  async redactBySender(projectId: string, senderId: string, at: string): Promise<void> {
    await this.db()
      .updateTable('messages')
      .set({ content: '', metadata: '{}', redacted_at: at })
      .where('project_id', '=', projectId)
      .where('sender_id', '=', senderId)
      .where('redacted_at', 'is', null)
      .execute();
  }

  /** Up to `limit` messages with seq > after, ascending. */
  after(roomId: string, after: number, limit: number): Promise<MessageRow[]> {
    return this.db()
      .selectFrom('messages')
      .selectAll()
      .where('room_id', '=', roomId)
      .where('seq', '>', after)
      .orderBy('seq', 'asc')
      .limit(limit)
      .execute();
  }

  /** The last `limit` messages with seq < before (all when before is null), descending. */
  before(roomId: string, before: number | null, limit: number): Promise<MessageRow[]> {
    let q = this.db().selectFrom('messages').selectAll().where('room_id', '=', roomId);
    if (before !== null) q = q.where('seq', '<', before);
    return q.orderBy('seq', 'desc').limit(limit).execute();
  }
}
