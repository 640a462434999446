/**
 * Appending a message to its room: the room's next seq, the room moved to the top of its
 * project's activity order (as RoomActivityStore.bump would), the number of the send's event
 * (kept for it: room-event-numbers.ts), the message row at that seq and, on SQLite, its search
 * index entry. These were five statements on PostgreSQL (five round trips), updating the room's
 * row twice, and seven on SQLite, updating the project's row twice too. Now one on PostgreSQL;
 * on SQLite, statements that update each row once and let a group commit write the search index
 * once (below) (issue 11).
 */
import { type Kysely, sql } from 'kysely';
import { EVENT_SEQUENCE } from './migrations/0010_event_sequence.js';
import { perColumnSet, prepared, preparedInsert } from './prepared.js';
import { activityLockPg, insertActivity, nextActivityNumberPg } from './room-activity.store.js';
import { keepRoomEventNumber } from './room-event-numbers.js';
import type { Database, MessagesTable } from './schema.js';
import type { Dialect } from './store.js';

/** A message as the caller makes it: everything but its seq, which appending gives it. */
export type UnnumberedMessage = Omit<{ [K in keyof MessagesTable]: MessagesTable[K] }, 'seq'>;

/** The room's next message seq, counted with its messages (the row stays locked until commit). */
const messageSeqUpdate = (db: Kysely<Database>, p: { roomId: string; at: string }) =>
  db
    .updateTable('rooms')
    .set((eb) => ({
      last_seq: eb('last_seq', '+', 1),
      message_count: eb('message_count', '+', 1),
      last_message_at: p.at,
    }))
    .where('room_id', '=', p.roomId);

// SQLite: no RETURNING, and no trigger on the insert. Either makes a statement open a statement
// journal, and each one opened makes FTS5 write out the search entries it holds in memory
// (migration 0011): without them, a group commit's sends write the search index once, at the
// commit. Storage floor, alternating: 105-120 µs a send instead of 130-157.
const takeNumbers = prepared((db, p: { projectId: string }) =>
  db
    .updateTable('projects')
    .set((eb) => ({ activity_seq: eb('activity_seq', '+', 1), event_seq: eb('event_seq', '+', 1) }))
    .where('project_id', '=', p.projectId),
);
const readNumbers = prepared((db, p: { projectId: string }) =>
  db.selectFrom('projects').select(['activity_seq', 'event_seq']).where('project_id', '=', p.projectId),
);
const takeMessageSeq = prepared((db, p: { roomId: string; at: string; activitySeq: number }) =>
  messageSeqUpdate(db, p).set({ activity_seq: p.activitySeq }),
);
const readMessageSeq = prepared((db, p: { roomId: string }) =>
  db.selectFrom('rooms').select('last_seq').where('room_id', '=', p.roomId),
);
const insertMessage = preparedInsert('messages');
const indexForSearch = prepared((db, p: { rowid: bigint; content: string }) =>
  // biome-ignore lint/suspicious/noExplicitAny: the FTS5 table is not in the typed schema
  db.insertInto('message_search' as any).values({ rowid: p.rowid, content: p.content }),
);

type AppendParams = Record<string, unknown> & { projectId: string; roomId: string; at: string };

/**
 * PostgreSQL, one statement: `k` locks the room's row, then `a` takes the activity number under
 * the project's shared lock `l` (it reads from both, so it runs after them: a room's activity
 * numbers follow its commits), `r` takes the seq and stamps the number, its RETURNING (run after
 * the update, the row locked) reads the event's number, `i` logs the activity and `m` inserts
 * the message at the seq. Prepared per set of message columns (perColumnSet).
 */
function appendPg(columns: readonly string[]) {
  return prepared((db, p: AppendParams) =>
    db
      .with('l', (d) => d.selectNoFrom(activityLockPg(p.projectId).as('x')))
      .with('k', (d) => d.selectFrom('rooms').select('room_id').where('room_id', '=', p.roomId).forNoKeyUpdate())
      .with('a', (d) => d.selectFrom(['l', 'k']).select(nextActivityNumberPg.as('seq')))
      .with('r', (d) =>
        messageSeqUpdate(d as unknown as Kysely<Database>, p)
          .set({ activity_seq: sql<number>`(select seq from a)` })
          .returning(['last_seq', sql<string>`nextval(${EVENT_SEQUENCE})`.as('event_seq')]),
      )
      .with('i', (d) =>
        d
          .insertInto('room_activity')
          .columns(['room_id', 'activity_seq', 'created_at'])
          .expression((eb) =>
            eb.selectFrom('a').select([sql.val(p.roomId).as('room_id'), 'a.seq', sql.val(p.at).as('created_at')]),
          ),
      )
      .with('m', (d) =>
        d
          // biome-ignore lint/suspicious/noExplicitAny: the columns are the row's own, checked by UnnumberedMessage
          .insertInto('messages' as any)
          .columns([...columns, 'seq'])
          .expression((eb) =>
            eb
              .selectFrom('r')
              .select([...columns.map((c) => sql.val(p[`m_${c}`]).as(c)), sql.ref<number>('r.last_seq').as('seq')]),
          ),
      )
      .selectFrom('r')
      .select(['r.last_seq', 'r.event_seq']),
  );
}
const appendPgFor = perColumnSet(appendPg);

/** Appends `message` to its room (see above) and returns its seq. */
export async function appendMessage(
  db: Kysely<Database>,
  dialect: Dialect,
  message: UnnumberedMessage,
): Promise<number> {
  const { project_id: projectId, room_id: roomId, created_at: at } = message;
  if (dialect === 'postgres') {
    const params: AppendParams = { projectId, roomId, at };
    for (const [column, value] of Object.entries(message)) params[`m_${column}`] = value;
    const { rows } = await appendPgFor(message)(db, params);
    if (rows.length === 0) throw new Error(`no room ${roomId}`);
    if (db.isTransaction) keepRoomEventNumber(db, roomId, Number(rows[0]!.event_seq));
    return Number(rows[0]!.last_seq);
  }
  const taken = await takeNumbers(db, { projectId });
  if (Number(taken.numAffectedRows ?? 0n) === 0) throw new Error(`no project ${projectId}`);
  const { activity_seq: activitySeq, event_seq: eventSeq } = (await readNumbers(db, { projectId })).rows[0]!;
  const counted = await takeMessageSeq(db, { roomId, at, activitySeq });
  if (Number(counted.numAffectedRows ?? 0n) === 0) throw new Error(`no room ${roomId}`);
  const seq = Number((await readMessageSeq(db, { roomId })).rows[0]!.last_seq);
  await insertActivity(db, { room_id: roomId, activity_seq: activitySeq, created_at: at });
  const inserted = await insertMessage(db, { ...message, seq });
  await indexForSearch(db, { rowid: inserted.insertId!, content: message.content });
  if (db.isTransaction) keepRoomEventNumber(db, roomId, Number(eventSeq));
  return seq;
}
