/** Messages of a room, addressed by their gapless per-room seq. */
import type { Selectable } from 'kysely';
import type { Executor } from './store.js';
import type { MessagesTable } from './schema.js';

export type MessageRow = Selectable<MessagesTable>;

export class MessagesStore {
  constructor(private readonly db: Executor) {}

  async insert(message: MessageRow): Promise<void> {
    await this.db().insertInto('messages').values(message).execute();
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
