/** Threads and mentions: a root's replies by seq, and who a message mentions (for unread counts). */
import type { MessageRow } from './messages.store.js';
import type { Executor } from './store.js';

export class ThreadsStore {
  constructor(private readonly db: Executor) {}

  /** Up to `limit` replies of the root with seq > after, ascending. */
  repliesAfter(rootId: string, after: number, limit: number): Promise<MessageRow[]> {
    return this.db()
      .selectFrom('messages')
      .selectAll()
      .where('parent_id', '=', rootId)
      .where('seq', '>', after)
      .orderBy('seq', 'asc')
      .limit(limit)
      .execute();
  }

  /** The last `limit` replies of the root with seq < before (all when null), descending. */
  repliesBefore(rootId: string, before: number | null, limit: number): Promise<MessageRow[]> {
    let q = this.db().selectFrom('messages').selectAll().where('parent_id', '=', rootId);
    if (before !== null) q = q.where('seq', '<', before);
    return q.orderBy('seq', 'desc').limit(limit).execute();
  }

  /** The main timeline (replies left out): seq > after, ascending. */
  rootsAfter(roomId: string, after: number, limit: number): Promise<MessageRow[]> {
    return this.db()
      .selectFrom('messages')
      .selectAll()
      .where('room_id', '=', roomId)
      .where('parent_id', 'is', null)
      .where('seq', '>', after)
      .orderBy('seq', 'asc')
      .limit(limit)
      .execute();
  }

  /** The main timeline (replies left out): seq < before (all when null), descending. */
  rootsBefore(roomId: string, before: number | null, limit: number): Promise<MessageRow[]> {
    let q = this.db().selectFrom('messages').selectAll().where('room_id', '=', roomId).where('parent_id', 'is', null);
    if (before !== null) q = q.where('seq', '<', before);
    return q.orderBy('seq', 'desc').limit(limit).execute();
  }

  async insertMentions(rows: { message_id: string; user_id: string; room_id: string; seq: number }[]): Promise<void> {
    if (rows.length > 0) await this.db().insertInto('message_mentions').values(rows).execute();
  }

  async removeMentions(messageId: string): Promise<void> {
    await this.db().deleteFrom('message_mentions').where('message_id', '=', messageId).execute();
  }

  /** Per room of the user, how many messages mention them after their read position (rooms with none left out). */
  async unreadMentions(projectId: string, userId: string): Promise<Map<string, number>> {
    const rows = await this.db()
      .selectFrom('message_mentions as mm')
      .innerJoin('room_members as rm', (j) =>
        j.onRef('rm.room_id', '=', 'mm.room_id').onRef('rm.user_id', '=', 'mm.user_id'),
      )
      .select((eb) => ['mm.room_id', eb.fn.countAll().as('n')])
      .where('rm.project_id', '=', projectId)
      .where('mm.user_id', '=', userId)
      .whereRef('mm.seq', '>', 'rm.last_read_seq')
      .groupBy('mm.room_id')
      .execute();
    return new Map(rows.map((r) => [r.room_id, Number(r.n)]));
  }
}
