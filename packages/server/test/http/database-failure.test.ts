import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { freshPostgresDatabase, TEST_DIALECT, withPgClient, type TestDatabase } from '../helpers/test-database.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

describe('the database goes away', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

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

/** What a PostgreSQL restart or failover does to a database's connections: ends every backend. */
async function terminateBackends(url: string): Promise<number> {
  const r = await withPgClient(url, (admin) =>
    admin.query(
      'select count(*)::int as n from (select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()) t',
    ),
  );
  return r.rows[0].n;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(TEST_DIALECT !== 'postgres')('PostgreSQL drops the pooled connections', () => {
  let db: TestDatabase;
  let t: TestServer;
  beforeEach(async () => {
    db = await freshPostgresDatabase();
    t = await startTestServer({ database: db.url });
  });
  afterEach(async () => {
    await t.close();
    await db.drop();
  });
  const rooms = () =>
    Promise.all([1, 2, 3, 4].map(() => t.client.post('/v1/rooms', { type: 'group', participants: ['a', 'b'] })));

  it('keeps serving on new connections when idle ones are ended, instead of crashing the process', async () => {
    // Several requests at once leave several idle connections in the pool.
    for (const res of await rooms()) expect(res.status).toBe(201);
    expect(await terminateBackends(db.url)).toBeGreaterThan(1);
    // node-postgres reports each idle connection's end as a pool 'error'; unheard, it is rethrown.
    await pause(300);
    for (const res of await rooms()) expect(res.status).toBe(201);
    expect((await fetch(`${t.url}/readyz`)).status).toBe(200);
  });

  it('fails the transaction whose connection was ended mid-way, and nothing else', async () => {
    const { store } = t.server;
    const transaction = store.transaction(async () => {
      await store.users.find(t.credentials.project_id, 'someone');
      await terminateBackends(db.url);
      // The end arrives while the connection is checked out, where the pool does not listen.
      await pause(300);
      await store.users.find(t.credentials.project_id, 'someone');
    });
    await expect(transaction).rejects.toThrow();
    for (const res of await rooms()) expect(res.status).toBe(201);
  });
});
