/**
 * SQLite: a new message enters the search index by a statement of its own (message-append.ts)
 * instead of by the insert trigger of 0009, whose trigger made every message insert open a
 * statement journal. Each statement journal opened in a transaction makes FTS5 write out the
 * entries it holds in memory (sqlite3.c: OP_Transaction calls sqlite3VtabSavepoint, and FTS5's
 * xSavepoint flushes to disk), so in a group commit every send wrote the index entries of the
 * send before it, a segment a message, instead of the group's entries once at the commit. The
 * edit and delete triggers stay (rare writes, and they must keep the index in step).
 * PostgreSQL: nothing (its trigram index is an ordinary one).
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely';

const isPostgres = (db: Kysely<unknown>) => db.getExecutor().adapter instanceof PostgresAdapter;

export async function up(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) return;
  await sql`drop trigger message_search_insert`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) return;
  await sql`create trigger message_search_insert after insert on messages begin
    insert into message_search (rowid, content) values (new.rowid, new.content);
  end`.execute(db);
}
