/**
 * Upgrading a database made before the users API: its users stay users (listed, found), and the
 * new indexes exist. Runs the real migrations on the suite's store (SQLite or PostgreSQL).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type Migration } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as m0001 from '../../src/store/migrations/0001_initial.js';
import * as m0002 from '../../src/store/migrations/0002_events_webhooks.js';
import * as m0003 from '../../src/store/migrations/0003_realtime.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { freshDatabase, TEST_DIALECT, type TestDatabase } from '../helpers/test-database.js';

let db: TestDatabase;
/** SQLite's in-memory databases are per connection: the two connections here share a file. */
let dir: string | undefined;
let url: string;

beforeAll(async () => {
  if (TEST_DIALECT === 'sqlite') {
    dir = await mkdtemp(join(tmpdir(), 'oichat-migrate-'));
    url = join(dir, 'old.db');
    db = { url, drop: async () => {} };
  } else {
    db = await freshDatabase();
    url = db.url;
  }
});
afterAll(async () => {
  await db.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A Kysely on the test database, for writing the pre-upgrade state by hand. */
function rawKysely(): Kysely<any> {
  if (TEST_DIALECT === 'postgres')
    return new Kysely({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url }) }) });
  return new Kysely({ dialect: new SqliteDialect({ database: new SQLite(url) }) });
}

describe('migration 0004 (users API, project-wide room list)', () => {
  it('keeps the users of an older database listed, with their first token time', async () => {
    const raw = rawKysely();
    const upTo3: Record<string, Migration> = {
      '0001_initial': m0001,
      '0002_events_webhooks': m0002,
      '0003_realtime': m0003,
    };
    const old = new Migrator({ db: raw, provider: { getMigrations: async () => upTo3 } });
    expect((await old.migrateToLatest()).error).toBeUndefined();
    await raw
      .insertInto('projects')
      .values({ project_id: 'proj_old', name: 'old', created_at: '2026-01-01T00:00:00.000Z' })
      .execute();
    await raw
      .insertInto('users')
      .values({
        project_id: 'proj_old',
        user_id: 'veteran',
        name: 'Vet',
        role: 'agent',
        user_info: '{"badge":"gold"}',
        token_version: 0,
        created_at: '2026-01-02T00:00:00.000Z',
        updated_at: '2026-01-03T00:00:00.000Z',
      })
      .execute();
    await raw.destroy();

    let store: Store | undefined;
    try {
      store = await openStore(url);
      const row = await store.users.findIssued('proj_old', 'veteran');
      expect(row).toMatchObject({ name: 'Vet', issued_at: '2026-01-02T00:00:00.000Z' });
      expect((await store.users.list({ projectId: 'proj_old', limit: 10 })).map((u) => u.user_id)).toEqual(['veteran']);
      expect((await store.users.list({ projectId: 'proj_old', role: 'agent', limit: 10 })).length).toBe(1);
    } finally {
      await store?.close();
    }
  });
});
