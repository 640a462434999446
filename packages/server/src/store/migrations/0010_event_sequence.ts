/**
 * PostgreSQL numbers events and room activity from sequences instead of the projects row (issue
 * 11): taking the next number no longer locks the project until commit.

 * Events: A room's events stay in commit
 * order, because each takes its number while holding the room's row lock (EventsStore.nextSeq),
 * and webhook order is only promised per room (and per project for events of no room, which
 * still lock the project row). The sequence starts past every number given so far, so a room's
 * new events sort after its pending ones.
 *
 * Room activity (the room-list order): see RoomActivityStore.bump and snapshot for how
 * paging stays a stable snapshot without the counter being held until commit. This sequence too
 * starts past every number given so far. SQLite (one writer at a time) keeps both counters.
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely';

export const EVENT_SEQUENCE = 'oichat_event_seq';
export const ACTIVITY_SEQUENCE = 'oichat_activity_seq';

const isPostgres = (db: Kysely<unknown>) => db.getExecutor().adapter instanceof PostgresAdapter;

export async function up(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`create sequence ${sql.id(EVENT_SEQUENCE)}`.execute(db);
  await sql`select setval(${EVENT_SEQUENCE}, greatest((select coalesce(max(event_seq), 0) from events), (select coalesce(max(event_seq), 0) from projects)) + 1, false)`.execute(
    db,
  );
  await sql`create sequence ${sql.id(ACTIVITY_SEQUENCE)}`.execute(db);
  await sql`select setval(${ACTIVITY_SEQUENCE}, (select coalesce(max(activity_seq), 0) from projects) + 1, false)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`drop sequence ${sql.id(EVENT_SEQUENCE)}`.execute(db);
  await sql`drop sequence ${sql.id(ACTIVITY_SEQUENCE)}`.execute(db);
}
