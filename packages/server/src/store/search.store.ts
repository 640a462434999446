/**
 * Message search: messages whose content holds every term, as a case-insensitive substring,
 * newest first. SQLite answers from the FTS5 trigram table (LIKE on it uses the trigram index for
 * terms of 3 characters or more), PostgreSQL with ILIKE over the pg_trgm index; the same answers.
 */
import { sql, type Expression, type SqlBool } from 'kysely';
import type { MessageRow } from './messages.store.js';
import type { Dialect, Executor } from './store.js';

export interface SearchQuery {
  projectId: string;
  terms: string[];
  roomId?: string | undefined;
  senderId?: string | undefined;
  /** Only rooms this user belongs to (the end-user API). */
  memberId?: string | undefined;
  /** Start below this (created_at, message_id): where the previous page ended. */
  below?: { createdAt: string; messageId: string } | undefined;
  limit: number;
}

/** A LIKE pattern matching the term anywhere (its wildcards escaped with `\`). */
const containing = (term: string) => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export class SearchStore {
  constructor(
    private readonly db: Executor,
    private readonly dialect: Dialect,
  ) {}

  search(q: SearchQuery): Promise<MessageRow[]> {
    let query = this.db()
      .selectFrom('messages as m')
      .innerJoin('rooms as r', 'r.room_id', 'm.room_id')
      .selectAll('m')
      .where('m.project_id', '=', q.projectId)
      .where('r.deleted_at', 'is', null)
      .where('m.deleted_at', 'is', null)
      .where('m.redacted_at', 'is', null);
    if (this.dialect === 'postgres') {
      for (const term of q.terms) query = query.where(sql<SqlBool>`m.content ilike ${containing(term)} escape '\\'`);
    } else {
      const matches: Expression<SqlBool>[] = q.terms.map(
        (term) => sql<SqlBool>`message_search.content like ${containing(term)} escape '\\'`,
      );
      const conditions = sql.join(matches, sql` and `);
      query = query.where(sql<SqlBool>`m.rowid in (select rowid from message_search where ${conditions})`);
    }
    if (q.roomId !== undefined) query = query.where('m.room_id', '=', q.roomId);
    if (q.senderId !== undefined) query = query.where('m.sender_id', '=', q.senderId);
    if (q.memberId !== undefined) {
      const memberId = q.memberId;
      query = query.where('m.room_id', 'in', (eb) =>
        eb
          .selectFrom('room_members')
          .select('room_id')
          .where('user_id', '=', memberId)
          .where('project_id', '=', q.projectId),
      );
    }
    if (q.below) {
      const { createdAt, messageId } = q.below;
      query = query.where((eb) =>
        eb.or([
          eb('m.created_at', '<', createdAt),
          eb.and([eb('m.created_at', '=', createdAt), eb('m.message_id', '<', messageId)]),
        ]),
      );
    }
    return query.orderBy('m.created_at', 'desc').orderBy('m.message_id', 'desc').limit(q.limit).execute();
  }
}
