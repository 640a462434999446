/**
 * Attachments: what was uploaded (the bytes live in the storage driver, keyed by storage_key),
 * to which room, by whom, and which message sent it; and each project's own limits.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('attachments')
    .addColumn('attachment_id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('room_id', 'text', (c) => c.notNull())
    .addColumn('uploader_id', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('mime_type', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('blurhash', 'text')
    .addColumn('thumbnail_width', 'integer')
    .addColumn('thumbnail_height', 'integer')
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text')
    .addColumn('position', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .execute();
  // A message's attachments, in the order sent.
  await db.schema.createIndex('attachments_message').on('attachments').columns(['message_id']).execute();
  // Unsent uploads past their grace period, for the sweep.
  await db.schema
    .createIndex('attachments_unsent')
    .on('attachments')
    .columns(['created_at'])
    .where(sql.ref('message_id'), 'is', null)
    .execute();
  // A room's attachments (the sweep after a room is deleted).
  await db.schema.createIndex('attachments_room').on('attachments').columns(['room_id']).execute();

  // A project's own attachment limits, within the server's; no row: the server's.
  await db.schema
    .createTable('attachment_settings')
    .addColumn('project_id', 'text', (c) => c.primaryKey())
    .addColumn('max_bytes', 'bigint')
    .addColumn('allowed_types', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('attachment_settings').execute();
  await db.schema.dropTable('attachments').execute();
}
