// npm run bench:events: what adding one member to a large room stores. A room is created with 500
// members and grown, one addParticipant at a time through the server SDK (which sends an
// Idempotency-Key on every POST, as in production), to EVENTS_ROOM_SIZE members (default 10 000)
// on `oichat serve` with a SQLite file. Over the last EVENTS_MEASURED adds (default 100) it reads,
// from the database file itself: the bytes of stored event payloads, of the idempotency cache, and
// of the whole database (pages in use), each per member added.
//
// Baseline, measured in the same run: the payload the event had before it stopped carrying the
// participant list (the same envelope with the whole room as GET /v1/rooms/{id} returns it at that
// size), so the ratio is what one event costs now against then; and what growing this room from
// 500 to its size stored in events then, summed over every add.
//
// Runs as plain TypeScript on Node >= 22.18 once the server and the server SDK are built:
// node packages/server/bench/event-storage.ts (npm run bench:events builds them first).

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { envNumber, int, machineSummary, pool } from './lib/measure.ts';
import { CLI, killChildren, loadSdk, runCli, stopChild, track } from './lib/processes.ts';

const ROOM_SIZE = envNumber('EVENTS_ROOM_SIZE', 10_000);
const MEASURED = Math.min(envNumber('EVENTS_MEASURED', 100), ROOM_SIZE - 500);
const CREATED_WITH = 500;

interface Room {
  room_id: string;
  participants: string[];
}
interface Sdk {
  rooms: {
    create(params: { type: 'group'; participants: string[] }): Promise<Room>;
    addParticipant(roomId: string, params: { user_id: string }): Promise<Room>;
    get(roomId: string): Promise<Room>;
  };
}
type SdkClass = new (options: { apiKey: string; secretKey: string; projectId: string; baseUrl: string }) => Sdk;

const member = (i: number) => `member-${String(i).padStart(6, '0')}`;

const tmp = mkdtempSync(join(tmpdir(), 'oichat-bench-events-'));
const database = join(tmp, 'oichat.db');
const env: NodeJS.ProcessEnv = {
  ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OICHAT_'))),
  OICHAT_MAX_ROOM_PARTICIPANTS: String(ROOM_SIZE),
  OICHAT_RATE_LIMIT: '0',
  OICHAT_LOG_LEVEL: 'warn',
};
process.on('SIGINT', () => {
  killChildren();
  rmSync(tmp, { recursive: true, force: true });
  process.exit(130);
});

/** Bytes in the database file, read through a connection of its own (the WAL included). */
function measure(): { events: number; idempotency: number; database: number } {
  const db = new SQLite(database, { readonly: true });
  try {
    const one = (sql: string) => Number((db.prepare(sql).get() as { n: number | null }).n ?? 0);
    return {
      events: one("select sum(length(payload)) as n from events where type = 'participant.added'"),
      idempotency: one('select sum(length(response_body)) as n from idempotency_keys'),
      database:
        one('select page_count as n from pragma_page_count()') * one('select page_size as n from pragma_page_size()') -
        one('select freelist_count as n from pragma_freelist_count()') *
          one('select page_size as n from pragma_page_size()'),
    };
  } finally {
    db.close();
  }
}

async function main(): Promise<void> {
  console.log(`event storage per member added, room grown to ${int(ROOM_SIZE)} members; ${machineSummary()}`);
  const credentials = JSON.parse(
    await runCli(['projects', 'create', '--name', 'bench', '--database', database, '--json'], env),
  ) as { project_id: string; api_key: string; secret_key: string };
  const server = track(
    spawn(process.execPath, [CLI, 'serve', '--port', '0', '--database', database], {
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
  );
  const baseUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    server.stdout!.setEncoding('utf8').on('data', (s: string) => {
      out += s;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    server.once('exit', (code) => reject(new Error(`oichat serve exited ${code}: ${out}`)));
  });
  const OiChat = await loadSdk<SdkClass>();
  const oichat = new OiChat({
    apiKey: credentials.api_key,
    secretKey: credentials.secret_key,
    projectId: credentials.project_id,
    baseUrl,
  });

  const room = await oichat.rooms.create({
    type: 'group',
    participants: Array.from({ length: CREATED_WITH }, (_, i) => member(i)),
  });
  const fill = Array.from({ length: ROOM_SIZE - MEASURED - CREATED_WITH }, (_, i) => member(CREATED_WITH + i));
  const started = Date.now();
  await pool(fill, 4, (userId) => oichat.rooms.addParticipant(room.room_id, { user_id: userId }));
  console.log(`  grown to ${int(ROOM_SIZE - MEASURED)} members in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const before = measure();
  for (let i = ROOM_SIZE - MEASURED; i < ROOM_SIZE; i++)
    await oichat.rooms.addParticipant(room.room_id, { user_id: member(i) });
  const after = measure();

  const full = await oichat.rooms.get(room.room_id);
  if (full.participants.length !== ROOM_SIZE) throw new Error(`room has ${full.participants.length} members`);
  // The envelope of a participant.added event as it was stored before: the whole room in data.
  const envelope = (r: unknown) =>
    JSON.stringify({
      id: 'evt_0000000000000000000000',
      type: 'participant.added',
      timestamp: new Date().toISOString(),
      project_id: credentials.project_id,
      data: { room_id: room.room_id, user_id: member(ROOM_SIZE - 1), room: r },
    }).length;
  const thenAtSize = envelope(full);
  const perMemberId = (thenAtSize - envelope({ ...full, participants: [] })) / ROOM_SIZE;
  // Summed over every add from 500 to ROOM_SIZE: the payload grows by one id per member.
  const thenForGrowth = Array.from({ length: ROOM_SIZE - CREATED_WITH }, (_, k) =>
    Math.round(thenAtSize - perMemberId * (ROOM_SIZE - (CREATED_WITH + k + 1))),
  ).reduce((a, b) => a + b, 0);

  const per = (k: keyof typeof before) => (after[k] - before[k]) / MEASURED;
  const smaller = (now: number, then: number) => `${int(then / now)}× smaller`;
  const nowForGrowth = after.events; // every participant.added of the growth
  console.log(`  per member added at ${int(ROOM_SIZE)} members (over the last ${MEASURED} adds):`);
  console.log(
    `    event payload      ${int(per('events'))} B   (before: ${int(thenAtSize)} B, ${smaller(per('events'), thenAtSize)})`,
  );
  console.log(
    `    idempotency cache  ${int(per('idempotency'))} B   (the addParticipant answer, the whole room, kept 24 h)`,
  );
  console.log(`    whole database     ${int(per('database'))} B   (pages in use: member row, indexes, event, cache)`);
  console.log(
    `  events stored growing the room ${int(CREATED_WITH)} -> ${int(ROOM_SIZE)}: ${(nowForGrowth / 1e6).toFixed(1)} MB (before: ${(thenForGrowth / 1e6).toFixed(1)} MB, ${smaller(nowForGrowth, thenForGrowth)})`,
  );
  await stopChild(server, 15_000);
}

main()
  .catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => {
    killChildren();
    rmSync(tmp, { recursive: true, force: true });
  });
