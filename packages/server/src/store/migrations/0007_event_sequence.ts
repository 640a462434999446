/**
 * PostgreSQL numbers events from one sequence instead of the projects row (issue 11): taking
 * the next number no longer locks the project until commit. A room's events stay in commit
 * order, because each takes its number while holding the room's row lock (EventsStore.nextSeq),
 * and webhook order is only promised per room (and per project for events of no room, which
 * still lock the project row). The sequence starts past every number given so far, so a room's
 * new events sort after its pending ones. SQLite (one writer at a time) keeps the counter.
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely';

export const EVENT_SEQUENCE = 'oichat_event_seq';

const isPostgres = (db: Kysely<unknown>) => db.getExecutor().adapter instanceof PostgresAdapter;

export async function up(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`create sequence ${sql.id(EVENT_SEQUENCE)}`.execute(db);
  await sql`select setval(${EVENT_SEQUENCE}, greatest((select coalesce(max(event_seq), 0) from events), (select coalesce(max(event_seq), 0) from projects)) + 1, false)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`drop sequence ${sql.id(EVENT_SEQUENCE)}`.execute(db);
}
