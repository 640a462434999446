// bench:cluster's database floor: what PostgreSQL alone can do with the SQL of one messages.send
// on this machine. pgbench (a C client, next to no CPU of its own) runs the statements a node
// sends for one send, as prepared statements in one transaction, from as many connections as
// the bench has senders, against a database made by the server's own migrations with rooms as
// the bench makes them. Printed: transactions (sends) per second, and the CPU per send of the
// PostgreSQL backends and of pgbench. No OiChat node can get one project past this rate here.
// Skipped, saying so, where there is no pgbench.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { int } from '../lib/measure.ts';
import { cpuOf, cpuSeconds } from '../lib/proc-stats.ts';

const PGBENCH = process.env.PGBENCH ?? 'pgbench';
// The advisory lock space of room-activity.store.ts ("oica").
const ACTIVITY_LOCK_SPACE = 0x6f69_6361;

/**
 * One send as the PostgreSQL store runs it (captured with log_statement = all from a node
 * serving one messages.send with an Idempotency-Key): the API key, then in one transaction the
 * key claimed, the room and the sender's membership, in one statement the room's next seq, its
 * room-list activity (shared advisory lock, row lock, sequence, log), the event's number and the
 * message, then the event, the webhook endpoints, the key completed.
 */
function sendScript(projectId: string, rooms: number): string {
  const room = `'bench_room_' || :r`;
  return `\\set r random(1, ${rooms})
\\set k random(1, 1000000000)
select * from api_keys where api_key = 'bench_key';
BEGIN;
insert into idempotency_keys (project_id, key, fingerprint, status_code, response_body, created_at) values ('${projectId}', :client_id || '-' || :k, repeat('f', 64), null, null, now()::text) on conflict (project_id, key) do nothing;
select r.room_id, exists (select m.user_id from room_members as m where m.room_id = r.room_id and m.user_id = 'u0') as is_member from rooms as r where r.project_id = '${projectId}' and r.room_id = ${room} and r.deleted_at is null;
with l as (select pg_advisory_xact_lock_shared(${ACTIVITY_LOCK_SPACE}, hashtext('${projectId}') & 2147483647) as x), k as (select room_id from rooms where room_id = ${room} for no key update), a as (select nextval('oichat_activity_seq') as seq from l, k), r as (update rooms set last_seq = last_seq + 1, message_count = message_count + 1, last_message_at = now()::text, activity_seq = (select seq from a) where room_id = ${room} returning last_seq, nextval('oichat_event_seq') as event_seq), i as (insert into room_activity (room_id, activity_seq, created_at) select ${room}, a.seq, now()::text from a), m as (insert into messages (message_id, project_id, room_id, sender_id, content, content_type, metadata, created_at, client_msg_id, redacted_at, edited_at, deleted_at, change_seq, parent_id, reply_count, last_reply_at, pinned_at, pinned_by, reactions, mentions, seq) select md5(random()::text), '${projectId}', ${room}, 'u0', 'hello', 'text', '{}', now()::text, null, null, null, null, 0, null, 0, null, null, null, '{}', '[]', r.last_seq from r) select r.last_seq, r.event_seq from r \\gset
insert into events (event_id, project_id, event_seq, type, room_id, payload, created_at) values (md5(random()::text), '${projectId}', :event_seq, 'message.created', ${room}, repeat('x', 480), now()::text);
select * from webhook_endpoints where project_id = '${projectId}' and enabled = 1;
update idempotency_keys set status_code = 201, response_body = repeat('y', 620) where project_id = '${projectId}' and key = :client_id || '-' || :k;
COMMIT;
`;
}

async function seed(url: string, projectId: string, rooms: number): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      `insert into rooms (room_id, project_id, type, status, metadata, participant_count, message_count, last_seq,
        activity_seq, created_at, updated_at)
        select 'bench_room_' || i, $1, 'group', 'open', '{}', 1, 0, 0, 0, now()::text, now()::text from generate_series(1, $2::int) i`,
      [projectId, rooms],
    );
    await client.query(
      `insert into room_members (room_id, project_id, user_id, position, joined_at, last_read_seq)
        select 'bench_room_' || i, $1, 'u0', 0, now()::text, 0 from generate_series(1, $2::int) i`,
      [projectId, rooms],
    );
  } finally {
    await client.end();
  }
}

function run(args: string[]): { pid: number | undefined; done: Promise<{ code: number | null; out: string }> } {
  const child = spawn(PGBENCH, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d));
  child.stderr.on('data', (d: Buffer) => (out += d));
  const done = new Promise<{ code: number | null; out: string }>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, out }));
  });
  return { pid: child.pid, done };
}

/** CPU seconds of this database's pgbench backends, by pid. */
async function backendCpu(client: pg.Client): Promise<Map<number, number>> {
  const { rows } = await client.query<{ pid: number }>(
    "select pid from pg_stat_activity where datname = current_database() and application_name = 'pgbench'",
  );
  return cpuOf(rows.map((r) => r.pid));
}

export async function databaseFloorReport(
  url: string,
  projectId: string,
  opts: { clients: number; seconds: number; rooms: number },
): Promise<string[]> {
  const head = 'Database floor: pgbench running the SQL of one send, prepared, in one transaction';
  try {
    await run(['--version']).done;
  } catch {
    return [`${head}: skipped, no ${PGBENCH} on this machine (PGBENCH names another).`];
  }
  await seed(url, projectId, opts.rooms);
  const dir = mkdtempSync(join(tmpdir(), 'oichat-bench-pgfloor-'));
  const script = join(dir, 'send.sql');
  writeFileSync(script, sendScript(projectId, opts.rooms));
  const sampler = new pg.Client({ connectionString: url });
  await sampler.connect();
  try {
    const bench = run([
      '-n',
      '-M',
      'prepared',
      '-c',
      String(opts.clients),
      '-j',
      '2',
      '-T',
      String(opts.seconds),
      '-f',
      script,
      url,
    ]);
    // Sample the backends once they are connected, and again just before the run ends.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const client0 = cpuSeconds(bench.pid!);
    const before = await backendCpu(sampler);
    const t0 = performance.now();
    await new Promise((resolve) => setTimeout(resolve, (opts.seconds - 1.5) * 1000));
    const after = await backendCpu(sampler);
    const client = cpuSeconds(bench.pid!) - client0;
    const sampledSeconds = (performance.now() - t0) / 1000;
    const { code, out } = await bench.done;
    const tps = Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(out)?.[1]);
    const failed = /number of failed transactions: (\d+)/.exec(out)?.[1];
    if (code !== 0 || !Number.isFinite(tps)) return [`${head}: pgbench failed (exit ${code}):`, out.trim()];
    let postgres = 0;
    for (const [p, cpu] of after) postgres += cpu - (before.get(p) ?? cpu);
    const sends = tps * sampledSeconds;
    return [
      `${head} (${opts.clients} connections, ${opts.seconds} s, ${opts.rooms} rooms, pgbench -M prepared):`,
      `  ${int(tps)} sends/s, ${failed ?? '?'} failed; CPU per send: PostgreSQL ${int((postgres / sends) * 1e6)} µs ` +
        `(${(postgres / sampledSeconds).toFixed(2)} cores), pgbench ${int((client / sends) * 1e6)} µs`,
    ];
  } finally {
    await sampler.end();
    rmSync(dir, { recursive: true, force: true });
  }
}
