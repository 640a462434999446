/**
 * Versioned migrations, applied in order at start. Listed statically (not read from disk) so the
 * built package needs no file-system lookup and a bundler cannot drop one.
 */
import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as m0001 from './0001_initial.js';
import * as m0002 from './0002_events_webhooks.js';
import * as m0003 from './0003_realtime.js';
import * as m0004 from './0004_delivery_fairness.js';
import * as m0005 from './0005_signing_key_rotation.js';
import * as m0006 from './0006_users_and_project_lists.js';
import * as m0007 from './0007_attachments.js';
import * as m0008 from './0008_message_features.js';
import * as m0009 from './0009_message_search.js';
import * as m0010 from './0010_event_sequence.js';
import * as m0011 from './0011_search_index_written_by_append.js';

const migrations: Record<string, Migration> = {
  '0001_initial': m0001,
  '0002_events_webhooks': m0002,
  '0003_realtime': m0003,
  '0004_delivery_fairness': m0004,
  '0005_signing_key_rotation': m0005,
  '0006_users_and_project_lists': m0006,
  '0007_attachments': m0007,
  '0008_message_features': m0008,
  '0009_message_search': m0009,
  '0010_event_sequence': m0010,
  '0011_search_index_written_by_append': m0011,
};

/** Every migration's name, in the order they apply. */
export const MIGRATION_NAMES: readonly string[] = Object.keys(migrations).sort();

class StaticMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations;
  }
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run before (and change) the typed schema
export async function migrateToLatest(db: Kysely<any>): Promise<void> {
  const migrator = new Migrator({ db, provider: new StaticMigrationProvider() });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const why = error instanceof Error ? error.message : String(error ?? 'unknown error');
    throw new Error(`Database migration ${failed?.migrationName ?? ''} failed: ${why}`);
  }
}
