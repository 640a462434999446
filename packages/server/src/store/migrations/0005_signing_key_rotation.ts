/**
 * Token signing-key rotation: a key stops signing when a newer one is made, and is dropped (from
 * verification and the JWKS) at its `retires_at`; null while it is the current key.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('signing_keys').addColumn('retires_at', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('signing_keys').dropColumn('retires_at').execute();
}
