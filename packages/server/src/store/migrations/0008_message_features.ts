/**
 * Message features (issue 12): edits and soft deletes, reactions, threads, mentions and pins, and
 * the per-room change sequence that lets a client resume the changes it missed.
 *
 * A message row keeps its own state (edited_at, deleted_at, reaction counts, reply count, pin), so
 * history and gap fills read it without joins; `change_seq` is the room's change number at the
 * message's latest change. room_changes holds each room's change counter (the order a resume
 * replays changes in; MessageChangesStore.nextChangeSeq says how it is locked).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('messages').addColumn('edited_at', 'text').execute();
  await db.schema.alterTable('messages').addColumn('deleted_at', 'text').execute();
  await db.schema
    .alterTable('messages')
    .addColumn('change_seq', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('messages').addColumn('parent_id', 'text').execute();
  await db.schema
    .alterTable('messages')
    .addColumn('reply_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('messages').addColumn('last_reply_at', 'text').execute();
  await db.schema.alterTable('messages').addColumn('pinned_at', 'text').execute();
  await db.schema.alterTable('messages').addColumn('pinned_by', 'text').execute();
  await db.schema
    .alterTable('messages')
    .addColumn('reactions', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await db.schema
    .alterTable('messages')
    .addColumn('mentions', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();

  // Resume of changes: a room's messages changed after a change number.
  await db.schema.createIndex('messages_room_change').on('messages').columns(['room_id', 'change_seq']).execute();
  // A thread's replies in seq order.
  await db.schema
    .createIndex('messages_thread')
    .on('messages')
    .columns(['parent_id', 'seq'])
    .where(sql.ref('parent_id'), 'is not', null)
    .execute();
  // A room's pinned messages, newest pin first.
  await db.schema
    .createIndex('messages_pinned')
    .on('messages')
    .columns(['room_id', 'pinned_at'])
    .where(sql.ref('pinned_at'), 'is not', null)
    .execute();

  await db.schema
    .createTable('room_changes')
    .addColumn('room_id', 'text', (c) => c.primaryKey())
    .addColumn('change_seq', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('message_reactions')
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('room_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('message_reactions_pk', ['message_id', 'user_id', 'type'])
    .execute();

  await db.schema
    .createTable('message_mentions')
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('room_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('message_mentions_pk', ['message_id', 'user_id'])
    .execute();
  // Unread mentions: a user's mentions in a room after their read position.
  await db.schema
    .createIndex('message_mentions_user')
    .on('message_mentions')
    .columns(['room_id', 'user_id', 'seq'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('message_mentions').execute();
  await db.schema.dropTable('message_reactions').execute();
  await db.schema.dropTable('room_changes').execute();
  await db.schema.dropIndex('messages_pinned').execute();
  await db.schema.dropIndex('messages_thread').execute();
  await db.schema.dropIndex('messages_room_change').execute();
  for (const column of [
    'mentions',
    'reactions',
    'pinned_by',
    'pinned_at',
    'last_reply_at',
    'reply_count',
    'parent_id',
    'change_seq',
    'deleted_at',
    'edited_at',
  ]) {
    await db.schema.alterTable('messages').dropColumn(column).execute();
  }
}
