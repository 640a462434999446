/** End-user state: read positions, client message ids for safe resends, and token revocation. */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('room_members')
    .addColumn('last_read_seq', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('messages').addColumn('client_msg_id', 'text').execute();
  await db.schema
    .createIndex('messages_client_msg_id')
    .on('messages')
    .columns(['room_id', 'sender_id', 'client_msg_id'])
    .unique()
    .where(sql.ref('client_msg_id'), 'is not', null)
    .execute();
  await db.schema
    .alterTable('users')
    .addColumn('token_version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('signing_keys_kid').on('signing_keys').column('kid').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('signing_keys_kid').execute();
  await db.schema.alterTable('users').dropColumn('token_version').execute();
  await db.schema.dropIndex('messages_client_msg_id').execute();
  await db.schema.alterTable('messages').dropColumn('client_msg_id').execute();
  await db.schema.alterTable('room_members').dropColumn('last_read_seq').execute();
}
