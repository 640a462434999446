/**
 * Message search: messages whose content holds every term as a substring, letters A–Z in either
 * case and every other character as written (the terms come with A–Z in lower case), newest
 * first. The same answers on both stores, whatever their build or locale: SQLite's LIKE folds
 * A–Z only, and PostgreSQL compares the content with A–Z lowered (`translate`). The indexes only
 * narrow the candidates: SQLite's FTS5 trigram table and PostgreSQL's pg_trgm index (used by
 * ILIKE) fold more than A–Z (other scripts' case too), so what they find is checked by the rule.
 */
import { sql, type SqlBool } from 'kysely';
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

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * The content as a LIKE on it matches: SQLite's LIKE already folds A–Z (and only A–Z: no ICU);
 * on PostgreSQL, LIKE is exact, so A–Z are lowered first (not lower(), which folds by the locale).
 */
const foldedContent = (dialect: Dialect) =>
  dialect === 'postgres' ? sql`translate(m.content, ${UPPER}, ${UPPER.toLowerCase()})` : sql`m.content`;

/** How many of the newest messages a search reads first, by plain substring match, before it asks the index. */
export const RECENT_WINDOW = 2_000;

export class SearchStore {
  constructor(
    private readonly db: Executor,
    private readonly dialect: Dialect,
  ) {}

  /**
   * The newest `limit` hits below the cursor, in two steps on both stores: the newest
   * RECENT_WINDOW messages are read first, by substring (a common word's newest hits are there);
   * when they hold fewer than `limit`, the trigram index answers (FTS5 on SQLite; on PostgreSQL
   * the pg_trgm index, behind a fence so the planner does not walk every message newest first
   * hoping to meet words that never come together).
   */
  async search(q: SearchQuery): Promise<MessageRow[]> {
    const recent = await this.#query(q, 'recent');
    return recent.length >= q.limit ? recent : this.#query(q, 'index');
  }

  #query(q: SearchQuery, how: 'recent' | 'index'): Promise<MessageRow[]> {
    const db = this.db();
    // From the index, or in one room, SQLite must start at the matches or the room's messages:
    // `+project_id` keeps it from walking the project's whole index and testing each message.
    const narrow = how === 'index' || q.roomId !== undefined;
    let source = db
      .selectFrom('messages')
      .selectAll()
      .where(
        narrow && this.dialect === 'sqlite'
          ? sql<SqlBool>`+project_id = ${q.projectId}`
          : sql<SqlBool>`project_id = ${q.projectId}`,
      );
    if (q.roomId !== undefined) source = source.where('room_id', '=', q.roomId);
    if (q.below) {
      const { createdAt, messageId } = q.below;
      source = source.where((eb) =>
        eb.or([
          eb('created_at', '<', createdAt),
          eb.and([eb('created_at', '=', createdAt), eb('message_id', '<', messageId)]),
        ]),
      );
    }
    if (how === 'index' && this.dialect === 'postgres') {
      for (const term of q.terms) source = source.where(sql<SqlBool>`content ilike ${containing(term)} escape '\\'`);
      source = source.offset(0); // the fence: planned on its own, by the trigram index
    } else if (how === 'index') {
      // A trigram phrase is a substring match (folding case more widely than the rule: checked
      // below); terms under 3 characters have no trigram and are matched on the content alone.
      const phrases = q.terms.filter((t) => [...t].length >= 3).map((t) => `"${t.replace(/"/g, '""')}"`);
      if (phrases.length > 0) {
        source = source.where(
          sql<SqlBool>`rowid in (select rowid from message_search where message_search match ${phrases.join(' AND ')})`,
        );
      }
    }
    if (how === 'recent')
      source = source.orderBy('created_at', 'desc').orderBy('message_id', 'desc').limit(RECENT_WINDOW);
    let query = db
      .selectFrom(source.as('m'))
      .selectAll('m')
      .where('m.deleted_at', 'is', null)
      .where('m.redacted_at', 'is', null)
      // Deleted rooms are few: a set to leave out, which leaves the planner's choice of scan alone.
      .where('m.room_id', 'not in', (eb) =>
        eb
          .selectFrom('rooms')
          .select('room_id')
          .where('project_id', '=', q.projectId)
          .where('deleted_at', 'is not', null),
      );
    // Every term, also those the index matched: the rule, on both stores alike.
    for (const term of q.terms)
      query = query.where(sql<SqlBool>`${foldedContent(this.dialect)} like ${containing(term)} escape '\\'`);
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
    return query.orderBy('m.created_at', 'desc').orderBy('m.message_id', 'desc').limit(q.limit).execute();
  }
}
