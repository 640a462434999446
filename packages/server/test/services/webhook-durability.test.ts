/**
 * The outbox survives a crash: a server killed with SIGKILL after committing events but before
 * delivering them delivers every one of them after it restarts, in order, on SQLite and (when
 * OICHAT_TEST_POSTGRES_URL reaches one) on PostgreSQL.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli.js';
import { SignedClient, type Credentials } from '../helpers/signed-client.js';
import { freshPostgresDatabase, postgresUnavailable, type TestDatabase } from '../helpers/test-database.js';
import { freePort, startReceiver, type Receiver } from '../helpers/webhook-receiver.js';

const dir = mkdtempSync(join(tmpdir(), 'oichat-durability-'));
const children: ChildProcess[] = [];
const receivers: Receiver[] = [];
const databases: TestDatabase[] = [];
// A PostgreSQL database is shared by every node that uses it, so its sealing key comes from the environment.
const ENV = { OICHAT_MASTER_KEY: 'd4'.repeat(32), OICHAT_WEBHOOK_RETRY_SCHEDULE: Array(50).fill('0.1').join(',') };

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await Promise.all(receivers.map((r) => r.close()));
  await Promise.all(databases.map((d) => d.drop()));
  rmSync(dir, { recursive: true, force: true });
});

function serve(database: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [CLI, 'serve', '--port', '0', '--database', database, '--webhooks-allow-private', '--log-level', 'warn'],
    { env: { ...process.env, ...ENV }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    // The start banner ("listening on …") is on stderr; stdout (JSON logs) is drained too.
    child.stdout!.resume();
    child.stderr!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) resolve({ child, url: match[1]! });
    });
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
}

const pgReason = await postgresUnavailable();
if (pgReason) console.log(`[oichat] skipping the PostgreSQL outbox durability test: ${pgReason}`);

const STORES = [
  { name: 'SQLite', skip: false, database: async () => join(dir, 'oichat.db') },
  {
    name: 'PostgreSQL',
    skip: pgReason !== null,
    database: async () => {
      const db = await freshPostgresDatabase();
      databases.push(db);
      return db.url;
    },
  },
];

describe.each(STORES)('on $name', ({ skip, database: makeDatabase }) => {
  it.skipIf(skip)('delivers, after a restart, every event committed before a SIGKILL', async () => {
    const database = await makeDatabase();
    const created = spawnSync(
      process.execPath,
      [CLI, 'projects', 'create', '--name', 'crash', '--database', database, '--json'],
      {
        encoding: 'utf8',
        env: { ...process.env, ...ENV },
      },
    );
    expect(created.status, created.stderr).toBe(0);
    const credentials = JSON.parse(created.stdout) as Credentials;
    const first = await serve(database);
    const client = new SignedClient(first.url, credentials);
    const port = await freePort();
    expect((await client.post('/v1/webhooks', { url: `http://127.0.0.1:${port}/hooks` })).status).toBe(201);
    const room = (await client.post('/v1/rooms', { type: 'group', participants: ['a', 'b'] })).body;
    for (let i = 0; i < 20; i++) {
      expect(
        (await client.post('/v1/messages', { room_id: room.room_id, sender_id: 'a', content: `m${i}` })).status,
      ).toBe(201);
    }
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));

    const receiver = await startReceiver({ port });
    receivers.push(receiver);
    await serve(database);
    const got = await receiver.waitFor((all) => new Set(all.map((x) => x.json.id)).size >= 21, 20_000);
    const firstSeen = got.filter((x, i) => got.findIndex((y) => y.json.id === x.json.id) === i);
    expect(firstSeen[0]!.json.type).toBe('room.created');
    expect(firstSeen.slice(1).map((x) => x.json.data.message.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });
});
