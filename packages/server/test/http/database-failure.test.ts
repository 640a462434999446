import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgresDatabase, TEST_DIALECT } from '../helpers/test-database.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

describe('the database goes away', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close().catch(() => {}));

  it('answers 500 internal_error without internals, and 503 on /readyz', async () => {
    // Resolve the api key while the database is up, then take the database away.
    expect((await t.client.post('/v1/auth/token', { user_id: 'u' })).status).toBe(200);
    await t.server.store.close();
    const res = await t.client.post('/v1/rooms', { type: 'group', participants: ['a', 'b'] });
    expect(res.status).toBe(500);
    expect(res.body.error.code).toBe('internal_error');
    expect(JSON.stringify(res.body)).not.toMatch(/sqlite|kysely|\.ts:|\.js:|\bat \w/i);
    const ready = await fetch(`${t.url}/readyz`);
    expect(ready.status).toBe(503);
  });
});

describe.skipIf(TEST_DIALECT !== 'postgres')('PostgreSQL drops the pooled connections', () => {
  it('keeps serving on new connections instead of crashing the process', async () => {
    const db = await freshPostgresDatabase();
    const t = await startTestServer({ database: db.url });
    try {
      // Several requests at once leave several idle connections in the pool.
      const rooms = () => Promise.all([1, 2, 3, 4].map(() => t.client.post('/v1/rooms', { type: 'group', participants: ['a', 'b'] })));
      for (const res of await rooms()) expect(res.status).toBe(201);

      // What a PostgreSQL restart or failover does to them: the server ends every backend.
      const admin = new pg.Client({ connectionString: db.url });
      await admin.connect();
      let ended: number;
      try {
        const r = await admin.query(
          'select count(*)::int as n from (select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()) t',
        );
        ended = r.rows[0].n;
      } finally {
        await admin.end();
      }
      expect(ended).toBeGreaterThan(1);
      // node-postgres reports each idle connection's end as a pool 'error'; unheard, it is rethrown.
      await new Promise((r) => setTimeout(r, 300));

      for (const res of await rooms()) expect(res.status).toBe(201);
      expect((await fetch(`${t.url}/readyz`)).status).toBe(200);
    } finally {
      await t.close();
      await db.drop();
    }
  });
});
