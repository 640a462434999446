// bench:rest's storage floor: what the SQL of one messages.send costs SQLite on this machine with
// nothing around it. A fresh database made by the server's own migrations and connection settings
// (dist/store), the statements the statements probe sees a send run (REST_STATEMENTS=1), written
// by hand as better-sqlite3 prepared statements: no HTTP, no Kysely, no services; sends in
// transactions of REST_FLOOR_GROUP (14 by default: the sends per commit bench:rest measures), in
// the bench's own process after the servers have stopped. Printed, in µs of CPU per send: the
// whole send; without the search index (its triggers dropped); the message alone (its room's
// seq and the row, with its indexes and search index). The server cannot spend less than this
// on storage, whatever it does above it. Message and event ids are made as the server makes them:
// with the random ids of before, the same floor was 154-163 µs a send instead of 118-129
// (alternating runs), random inserts into their indexes dirtying a page each.

import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { envNumber } from '../lib/measure.ts';

const GROUP = envNumber('REST_FLOOR_GROUP', 14);
const SENDS = envNumber('REST_FLOOR_SENDS', 20_000);
const ROOMS = 50;

interface DistStore {
  openSqlite(path: string): { db: { destroy(): Promise<void> } };
  configure(native: SQLite.Database): void;
}

const id = (prefix: string) => `${prefix}_${randomBytes(16).toString('base64url').slice(0, 22)}`;
/** Message and event ids as the server makes them (time first: crypto/ids.ts), set by freshDatabase. */
let newId: { message(): string; event(): string };
/** Opaque text of the length a send stores (the sealed idempotent response, the event's JSON). */
const text = (length: number) =>
  randomBytes(Math.ceil((length * 3) / 4))
    .toString('base64')
    .slice(0, length);

async function freshDatabase(dir: string, name: string): Promise<SQLite.Database> {
  // The server's build, as the benchmarks run it (found at run time: the typecheck may come before the build).
  const dist = (path: string) => import(new URL(`../../dist/${path}`, import.meta.url).href);
  const sqlite = (await dist('store/sqlite.js')) as DistStore;
  ({ newId } = (await dist('crypto/ids.js')) as { newId: typeof newId });
  const { migrateToLatest } = (await dist('store/migrations/index.js')) as {
    migrateToLatest(db: unknown): Promise<void>;
  };
  const path = join(dir, name);
  const kysely = sqlite.openSqlite(path).db;
  await migrateToLatest(kysely);
  await kysely.destroy();
  const db = new SQLite(path);
  sqlite.configure(db);
  return db;
}

type Variant = 'send' | 'send without the search index' | 'the message alone';

/** µs of this thread's CPU per send, over SENDS sends in transactions of GROUP. */
async function measure(dir: string, variant: Variant): Promise<number> {
  const db = await freshDatabase(dir, `${variant.replace(/\W/g, '-')}.db`);
  // The search index: an insert of its own after the message's (store/message-append.ts), and
  // the edit and delete triggers.
  const searchIndexed = variant !== 'send without the search index';
  if (!searchIndexed) for (const t of ['message_search_delete', 'message_search_update']) db.exec(`drop trigger ${t}`);
  const at = () => new Date().toISOString();
  const projectId = id('proj');
  const apiKey = id('ak_live');
  db.prepare('insert into projects (project_id, name, activity_seq, created_at, event_seq) values (?, ?, 0, ?, 0)').run(
    projectId,
    'floor',
    at(),
  );
  db.prepare('insert into api_keys (api_key, project_id, secret_sealed, created_at) values (?, ?, ?, ?)').run(
    apiKey,
    projectId,
    text(120),
    at(),
  );
  const rooms = Array.from({ length: ROOMS }, () => id('room'));
  for (const [i, roomId] of rooms.entries()) {
    db.prepare(
      `insert into rooms (room_id, project_id, type, status, metadata, participant_count, message_count, last_seq,
        activity_seq, created_at, updated_at) values (?, ?, 'group', 'open', '{}', 2, 0, 0, 0, ?, ?)`,
    ).run(roomId, projectId, at(), at());
    for (const [position, user] of ['u0', `r${i}-u1`].entries()) {
      db.prepare(
        'insert into room_members (room_id, project_id, user_id, position, joined_at, last_read_seq) values (?, ?, ?, ?, ?, 0)',
      ).run(roomId, projectId, user, position, at());
    }
  }
  const s = {
    apiKey: db.prepare('select * from api_keys where api_key = ?'),
    room: db.prepare(
      `select r.room_id, exists (select m.user_id from room_members as m where m.room_id = r.room_id and m.user_id = ?)
        as is_member from rooms as r where r.project_id = ? and r.room_id = ? and r.deleted_at is null`,
    ),
    findKey: db.prepare('select * from idempotency_keys where project_id = ? and key = ?'),
    // Writes without RETURNING, read back after: see store/message-append.ts for why.
    messageSeq: db.prepare(
      'update rooms set last_seq = last_seq + 1, message_count = message_count + 1, last_message_at = ? where room_id = ?',
    ),
    readSeq: db.prepare('select last_seq from rooms where room_id = ?'),
    // A send: the activity and event numbers in one update, stamped on the room with its seq.
    numbers: db.prepare(
      'update projects set activity_seq = activity_seq + 1, event_seq = event_seq + 1 where project_id = ?',
    ),
    readNumbers: db.prepare('select activity_seq, event_seq from projects where project_id = ?'),
    messageSeqAndActivity: db.prepare(
      `update rooms set last_seq = last_seq + 1, message_count = message_count + 1, last_message_at = ?,
        activity_seq = ? where room_id = ?`,
    ),
    search: db.prepare('insert into message_search (rowid, content) values (?, ?)'),
    message: db.prepare(
      `insert into messages (message_id, project_id, room_id, seq, sender_id, content, content_type, metadata,
        created_at, client_msg_id, redacted_at, edited_at, deleted_at, change_seq, parent_id, reply_count,
        last_reply_at, pinned_at, pinned_by, reactions, mentions)
        values (?, ?, ?, ?, 'u0', ?, 'text', '{}', ?, null, null, null, null, 0, null, 0, null, null, null, '{}', '[]')`,
    ),
    activityLog: db.prepare('insert into room_activity (room_id, activity_seq, created_at) values (?, ?, ?)'),
    event: db.prepare(
      `insert into events (event_id, project_id, event_seq, type, room_id, payload, created_at)
        values (?, ?, ?, 'message.created', ?, ?, ?)`,
    ),
    endpoints: db.prepare('select * from webhook_endpoints where project_id = ? and enabled = 1'),
    key: db.prepare(
      `insert into idempotency_keys (project_id, key, fingerprint, status_code, response_body, created_at)
        values (?, ?, ?, 201, ?, ?)`,
    ),
  };
  const begin = db.prepare('begin');
  const commit = db.prepare('commit');
  const send = (n: number) => {
    const roomId = rooms[n % ROOMS]!;
    const now = at();
    const key = randomUUID();
    if (variant !== 'the message alone') {
      s.apiKey.get(apiKey);
      s.room.get('u0', projectId, roomId);
      s.findKey.get(projectId, key);
    }
    const content = `hello ${n}`;
    if (variant === 'the message alone') {
      s.messageSeq.run(now, roomId);
      const seq = (s.readSeq.get(roomId) as { last_seq: number }).last_seq;
      const { lastInsertRowid } = s.message.run(newId.message(), projectId, roomId, seq, content, now);
      s.search.run(lastInsertRowid, content);
      return;
    }
    s.numbers.run(projectId);
    const numbers = s.readNumbers.get(projectId) as { activity_seq: number; event_seq: number };
    s.messageSeqAndActivity.run(now, numbers.activity_seq, roomId);
    const seq = (s.readSeq.get(roomId) as { last_seq: number }).last_seq;
    s.activityLog.run(roomId, numbers.activity_seq, now);
    const { lastInsertRowid } = s.message.run(newId.message(), projectId, roomId, seq, content, now);
    if (searchIndexed) s.search.run(lastInsertRowid, content);
    const eventSeq = numbers.event_seq;
    s.event.run(newId.event(), projectId, eventSeq, roomId, text(480), now);
    s.endpoints.all(projectId);
    s.key.run(projectId, key, text(64), text(620), now);
  };
  // Warm-up, as the servers get: caches, the WAL's first growth.
  for (let n = 0; n < 2_000; n += GROUP) {
    begin.run();
    for (let i = 0; i < GROUP; i++) send(n + i);
    commit.run();
  }
  const cpu0 = process.threadCpuUsage();
  for (let n = 0; n < SENDS; n += GROUP) {
    begin.run();
    for (let i = 0; i < GROUP; i++) send(n + i);
    commit.run();
  }
  const cpu = process.threadCpuUsage(cpu0);
  db.close();
  return (cpu.user + cpu.system) / SENDS;
}

/** The report lines; `serverCpu` is OiChat's CPU per send in the same run, `bareCpu` the bare endpoint's. */
export async function storageFloorReport(serverCpu: number, bareCpu: number): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'oichat-bench-floor-'));
  try {
    const variants: Variant[] = ['send', 'send without the search index', 'the message alone'];
    const figures: [Variant, number][] = [];
    for (const variant of variants) figures.push([variant, await measure(dir, variant)]);
    const send = figures[0]![1];
    return [
      `Storage floor: the SQL of one send on SQLite with nothing around it (better-sqlite3 prepared statements, the`,
      `server's schema and settings, ${GROUP} sends a commit, ${SENDS} sends, this process; CPU µs per send):`,
      ...figures.map(([label, cpu]) => `  ${label.padEnd(34)}${cpu.toFixed(0).padStart(6)}`),
      `  the send's storage + the bare endpoint's whole request: ${(send + bareCpu).toFixed(0)} µs; OiChat spent ${serverCpu.toFixed(0)} µs,`,
      `  ${(serverCpu - send - bareCpu).toFixed(0)} µs above that floor (authentication, idempotency, the service, Kysely, the event).`,
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
