/**
 * Full-text search over messages, by substring, for any language (Korean has no spaces between
 * some words, so a part of a word must match): trigrams on both stores.
 *
 * SQLite: an FTS5 table with the trigram tokenizer over messages' content (external content,
 * kept in step by triggers, so an edit is re-indexed and a delete, which empties the content,
 * leaves nothing to find). PostgreSQL: a pg_trgm GIN index on the content, used by ILIKE; where
 * the extension cannot be created (no privilege), search still answers the same, by scanning.
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations run before (and change) the typed schema
const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;

export async function up(db: Kysely<unknown>): Promise<void> {
  // Results come newest first: with this, a common word's newest hits are found by walking the
  // project's messages from the newest instead of sorting every match.
  await db.schema
    .createIndex('messages_project_created')
    .on('messages')
    .columns(['project_id', 'created_at', 'message_id'])
    .execute();
  if (isPostgres(db)) {
    await sql`savepoint pg_trgm`.execute(db);
    try {
      await sql`create extension if not exists pg_trgm`.execute(db);
      await sql`release savepoint pg_trgm`.execute(db);
    } catch {
      await sql`rollback to savepoint pg_trgm`.execute(db);
      return;
    }
    await sql`create index messages_content_trgm on messages using gin (content gin_trgm_ops)`.execute(db);
    return;
  }
  await sql`create virtual table message_search using fts5(content, tokenize = 'trigram', content = 'messages', content_rowid = 'rowid')`.execute(
    db,
  );
  await sql`insert into message_search (rowid, content) select rowid, content from messages`.execute(db);
  await sql`create trigger message_search_insert after insert on messages begin
    insert into message_search (rowid, content) values (new.rowid, new.content);
  end`.execute(db);
  await sql`create trigger message_search_delete after delete on messages begin
    insert into message_search (message_search, rowid, content) values ('delete', old.rowid, old.content);
  end`.execute(db);
  await sql`create trigger message_search_update after update of content on messages begin
    insert into message_search (message_search, rowid, content) values ('delete', old.rowid, old.content);
    insert into message_search (rowid, content) values (new.rowid, new.content);
  end`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('messages_project_created').execute();
  if (isPostgres(db)) {
    await sql`drop index if exists messages_content_trgm`.execute(db);
    return;
  }
  await sql`drop trigger message_search_update`.execute(db);
  await sql`drop trigger message_search_delete`.execute(db);
  await sql`drop trigger message_search_insert`.execute(db);
  await sql`drop table message_search`.execute(db);
}
