/**
 * The users API and the project-wide room list: when a user was issued their first token (users
 * that only hold a revocation counter, or were deleted, have none and are not listed), message
 * redaction, and the indexes the new lists and the user deletion read by.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').addColumn('issued_at', 'text').execute();
  // Rows written before this migration: all were issued a token but those a revocation created
  // for a user never seen, which cannot be told apart any more; they are listed as users too.
  await sql`update users set issued_at = created_at`.execute(db);
  await db.schema
    .createIndex('users_listed')
    .on('users')
    .columns(['project_id', 'issued_at', 'user_id'])
    .where(sql.ref('issued_at'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('users_listed_by_role')
    .on('users')
    .columns(['project_id', 'role', 'issued_at', 'user_id'])
    .where(sql.ref('issued_at'), 'is not', null)
    .execute();

  // All live rooms of a project by activity (and by status, the support desk's "open rooms").
  await db.schema
    .createIndex('rooms_project_activity')
    .on('rooms')
    .columns(['project_id', 'activity_seq'])
    .where(sql.ref('deleted_at'), 'is', null)
    .execute();
  await db.schema
    .createIndex('rooms_project_status_activity')
    .on('rooms')
    .columns(['project_id', 'status', 'activity_seq'])
    .where(sql.ref('deleted_at'), 'is', null)
    .execute();

  await db.schema.alterTable('messages').addColumn('redacted_at', 'text').execute();
  // A deleted user's messages, found without reading every message of the project.
  await db.schema.createIndex('messages_sender').on('messages').columns(['project_id', 'sender_id']).execute();
  // The stored message.created events of those rooms, whose payloads are redacted too.
  await db.schema.createIndex('events_room_type').on('events').columns(['room_id', 'type']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('events_room_type').execute();
  await db.schema.dropIndex('messages_sender').execute();
  await db.schema.alterTable('messages').dropColumn('redacted_at').execute();
  await db.schema.dropIndex('rooms_project_status_activity').execute();
  await db.schema.dropIndex('rooms_project_activity').execute();
  await db.schema.dropIndex('users_listed_by_role').execute();
  await db.schema.dropIndex('users_listed').execute();
  await db.schema.alterTable('users').dropColumn('issued_at').execute();
}
