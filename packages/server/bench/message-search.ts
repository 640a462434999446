// npm run bench:search: what a search costs over SEARCH_MESSAGES messages (default 1 000 000) in
// one project, on SQLite (FTS5 trigram) and, when OICHAT_TEST_POSTGRES_URL is set, PostgreSQL
// (pg_trgm). The messages are written straight into a migrated store (the send path is measured
// elsewhere): 1 000 rooms, English and Korean sentences from a small vocabulary plus a rare word
// in one message of 10 000. Then it times SearchService.search (the query GET /v1/messages/search
// runs) for each case, median of SEARCH_RUNS runs (default 7).
//
// Baseline, measured in the same run: the bare substring query (LIKE / ILIKE on messages' content,
// newest first, without the checks of deleted rooms and messages): on SQLite a scan, as LIKE uses
// no index there; on PostgreSQL it can use the same pg_trgm index. The ratio is what a search costs
// against that bare query.
//
// Runs as plain TypeScript on Node >= 22.18 once the server is built:
// node packages/server/bench/message-search.ts (npm run bench:search builds it first).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { openStore } from '../dist/store/open-store.js';
import { createServices } from '../dist/services/index.js';
import { SecretBox } from '../dist/crypto/secret-box.js';
import { envNumber, machineSummary } from './lib/measure.ts';

const MESSAGES = envNumber('SEARCH_MESSAGES', 1_000_000);
const RUNS = envNumber('SEARCH_RUNS', 7);
const ROOMS = 1_000;
const WORDS = ['order', 'delivery', 'refund', 'late', 'package', 'thanks', 'help', 'address', 'payment', 'today'];
const KOREAN = ['배송', '주문', '환불', '감사합니다', '안녕하세요', '오늘', '주소', '결제', '확인', '문의'];

function sentence(i: number): string {
  const pick = (list: string[], k: number) => list[(i * 7 + k * 13) % list.length]!;
  const words = i % 2 === 0 ? [pick(WORDS, 1), pick(WORDS, 2), pick(WORDS, 3)] : [pick(KOREAN, 1), pick(KOREAN, 2)];
  if (i % 10_000 === 0) words.push('zanzibar');
  return `${words.join(' ')} #${i}`;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function measure(fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

async function run(dialect: 'sqlite' | 'postgres', url: string): Promise<void> {
  const store = await openStore(url);
  const services = createServices(store, new SecretBox(randomBytes(32)), { issuerFor: () => 'bench' });
  const { project_id: projectId } = await services.projects.create('bench');
  const ctx = { projectId };
  const t0 = performance.now();
  const now = new Date().toISOString();
  // Rooms, then messages in batches, through the store's own Kysely instance (raw inserts).
  const kysely = (store.rooms as unknown as { db: () => Kysely<never> }).db();
  const roomRows = Array.from({ length: ROOMS }, (_, r) => ({
    room_id: `room_bench_${r}`,
    project_id: projectId,
    type: 'group',
    name: null,
    status: 'open',
    metadata: '{}',
    direct_key: null,
    participant_count: 0,
    message_count: 0,
    last_seq: Math.ceil(MESSAGES / ROOMS),
    activity_seq: r,
    created_at: now,
    updated_at: now,
    last_message_at: null,
    deleted_at: null,
  }));
  await kysely
    .insertInto('rooms' as never)
    .values(roomRows as never)
    .execute();
  const BATCH = dialect === 'sqlite' ? 2_000 : 2_000;
  for (let start = 0; start < MESSAGES; start += BATCH) {
    const rows = [];
    for (let i = start; i < Math.min(MESSAGES, start + BATCH); i++) {
      rows.push({
        message_id: `msg_bench_${String(i).padStart(8, '0')}`,
        project_id: projectId,
        room_id: `room_bench_${i % ROOMS}`,
        seq: Math.floor(i / ROOMS) + 1,
        sender_id: 'system',
        content: sentence(i),
        content_type: 'text',
        metadata: '{}',
        created_at: new Date(Date.parse(now) + i).toISOString(),
      });
    }
    await kysely
      .insertInto('messages' as never)
      .values(rows as never)
      .execute();
  }
  if (dialect === 'postgres') await sql`analyze messages`.execute(kysely);
  const loadSeconds = (performance.now() - t0) / 1000;

  const cases: [string, { query: string; room_id?: string }][] = [
    ['a common word, newest 20', { query: 'delivery' }],
    ['two words', { query: 'refund late' }],
    ['a rare word (1 in 10 000)', { query: 'zanzibar' }],
    ['Korean, 2 characters', { query: '배송' }],
    ['Korean, part of a word', { query: '하세요' }],
    ['one room', { query: 'delivery', room_id: 'room_bench_2' }],
  ];
  console.log(`\n${dialect}: ${MESSAGES.toLocaleString('en')} messages loaded in ${loadSeconds.toFixed(0)} s`);
  console.log('| query | search (median ms) | bare substring query (ms) | ratio |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const [label, params] of cases) {
    const indexed = await measure(() => services.search.search(ctx, { ...params, limit: 20 }));
    const pattern = `%${params.query.split(' ')[0]}%`;
    const op = dialect === 'postgres' ? sql.raw('ilike') : sql.raw('like');
    const scan = await measure(() =>
      sql`select message_id from messages where project_id = ${projectId} and content ${op} ${pattern} ${
        params.room_id ? sql`and room_id = ${params.room_id}` : sql``
      } order by created_at desc limit 21`.execute(kysely),
    );
    console.log(`| ${label} | ${indexed.toFixed(1)} | ${scan.toFixed(1)} | ${(scan / indexed).toFixed(1)}× |`);
  }
  await store.close();
}

console.log(machineSummary());
// SEARCH_STORES=sqlite or =postgres runs one store only.
const stores = process.env.SEARCH_STORES ?? 'sqlite,postgres';
if (stores.includes('sqlite')) {
  const dir = mkdtempSync(join(tmpdir(), 'oichat-search-'));
  try {
    await run('sqlite', join(dir, 'search.db'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const pgUrl = process.env.OICHAT_TEST_POSTGRES_URL;
if (pgUrl && stores.includes('postgres')) {
  const name = `oichat_bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(pgUrl);
  url.pathname = `/${name}`;
  try {
    await run('postgres', url.toString());
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}
