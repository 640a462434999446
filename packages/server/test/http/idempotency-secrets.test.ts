/**
 * Secrets in the idempotency cache (issue 10, finding 5): responses that carry a secret shown
 * only once (a user token, a webhook secret) are cached for replay for 24 hours, and must be
 * stored sealed. On SQLite the whole database file and its WAL are searched for any trace.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { freshPostgresDatabase, TEST_DIALECT, withPgClient, type TestDatabase } from '../helpers/test-database.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let t: TestServer | undefined;
let dir: string | undefined;
let pg: TestDatabase | undefined;
afterEach(async () => {
  await t?.close();
  await pg?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
  t = undefined;
  dir = undefined;
  pg = undefined;
});

/** A call through an idempotent route, then its replay, which must give the same answer. */
async function twice(server: TestServer, path: string, body: unknown) {
  const idempotencyKey = randomUUID();
  const first = await server.client.post(path, body, { idempotencyKey });
  expect(first.status, JSON.stringify(first.body)).toBeLessThan(300);
  const again = await server.client.post(path, body, { idempotencyKey });
  expect(again.headers.get('idempotent-replayed')).toBe('true');
  expect(again.body).toEqual(first.body);
  return first.body;
}

/** Patterns of the secrets the API hands out, anchored so that random base64 cannot match by chance. */
const SECRET_SHAPES = [
  /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\./, // a JWT: header.payload.
  /whsec_/,
  /(?<![A-Za-z0-9])sk_[0-9A-Za-z]{40}/,
];

it('keeps no token, webhook secret or secret key in clear in the database after idempotent calls', async () => {
  let database: string;
  if (TEST_DIALECT === 'sqlite') {
    dir = mkdtempSync(join(tmpdir(), 'oichat-secrets-'));
    database = join(dir, 'oichat.db');
  } else {
    pg = await freshPostgresDatabase();
    database = pg.url;
  }
  t = await startTestServer({ database });

  const { token } = await twice(t, '/v1/auth/token', { user_id: 'alice', user_name: 'Alice' });
  const created = await twice(t, '/v1/webhooks', { url: 'https://hooks.example.com/oichat' });
  const rotated = await twice(t, `/v1/webhooks/${created.endpoint_id}/rotate-secret`, {});
  const secrets = [token, created.secret, rotated.secret, t.credentials.secret_key] as string[];
  expect(token).toMatch(/^eyJ/);
  expect(created.secret).toMatch(/^whsec_/);
  expect(rotated.secret).toMatch(/^whsec_/);

  // What the store holds for replay is sealed, whichever database this is.
  const stored = await storedBodies(database);
  expect(stored).toHaveLength(3);
  for (const body of stored) expect(body.startsWith('v1.')).toBe(true);

  const haystacks = dir
    ? ['oichat.db', 'oichat.db-wal', 'oichat.db-shm']
        .map((f) => join(dir!, f))
        .filter(existsSync)
        .map((f) => ({ where: f, text: readFileSync(f).toString('latin1') }))
    : stored.map((text) => ({ where: 'idempotency_keys.response_body', text }));
  expect(haystacks.length).toBeGreaterThan(0);
  for (const { where, text } of haystacks) {
    for (const secret of secrets) expect(text.includes(secret), `${where} holds a secret`).toBe(false);
    for (const shape of SECRET_SHAPES) expect(shape.test(text), `${where} matches ${shape}`).toBe(false);
  }
});

/** Every cached response body, read past the server (a second connection to its database). */
async function storedBodies(database: string): Promise<string[]> {
  const query = 'select response_body from idempotency_keys';
  if (TEST_DIALECT === 'postgres')
    return withPgClient(database, async (c) => (await c.query(query)).rows.map((r) => r.response_body as string));
  const db = new SQLite(database, { readonly: true });
  try {
    return (db.prepare(query).all() as { response_body: string }[]).map((r) => r.response_body);
  } finally {
    db.close();
  }
}
