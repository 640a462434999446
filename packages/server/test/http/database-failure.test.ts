import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close().catch(() => {}));

it('answers 500 internal_error without internals, and 503 on /readyz, when the database is gone', async () => {
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
