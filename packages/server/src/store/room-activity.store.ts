/**
 * The room activity log: a project-wide order of rooms by their last activity (a message, an
 * update, a participant change), numbered so that a room-list page can start from a stable
 * snapshot and later pages neither repeat nor skip a room while rooms keep moving (the lists
 * themselves are read in rooms.store.ts).
 */
import { sql } from 'kysely';
import { ACTIVITY_SEQUENCE } from './migrations/0010_event_sequence.js';
import { prepared, preparedInsert } from './prepared.js';
import type { Dialect, Executor } from './store.js';

const takeActivitySeq = prepared((db, p: { projectId: string }) =>
  db
    .updateTable('projects')
    .set((eb) => ({ activity_seq: eb('activity_seq', '+', 1) }))
    .where('project_id', '=', p.projectId)
    .returning('activity_seq'),
);
const setRoomActivity = prepared((db, p: { roomId: string; seq: number }) =>
  db.updateTable('rooms').set({ activity_seq: p.seq }).where('room_id', '=', p.roomId),
);
export const insertActivity = preparedInsert('room_activity');
/** The first key of the advisory locks between activity writers and snapshot readers (bump). */
const ACTIVITY_LOCK_SPACE = 0x6f69_6361; // "oica"
/** The second key, a project's hash kept positive so pg_locks shows it (an oid) as the same number. */
const LOCK_KEY_MASK = 0x7fff_ffff;

/** PostgreSQL: takes the project's shared activity lock (see bump), before its writer's number. */
export const activityLockPg = (projectId: string) =>
  sql<number>`pg_advisory_xact_lock_shared(${ACTIVITY_LOCK_SPACE}, hashtext(${projectId}) & ${LOCK_KEY_MASK})`;
/** PostgreSQL: the next activity number (of any project: one sequence). */
export const nextActivityNumberPg = sql<string>`nextval(${ACTIVITY_SEQUENCE})`;

// The shared lock is taken before the number: `a` reads from `l`, so it runs after it.
const bumpActivityPg = prepared((db, p: { projectId: string; roomId: string; at: string }) =>
  db
    .with('l', (d) => d.selectNoFrom(activityLockPg(p.projectId).as('x')))
    .with('a', (d) => d.selectFrom('l').select(nextActivityNumberPg.as('seq')))
    .with('r', (d) =>
      d
        .updateTable('rooms')
        .set({ activity_seq: sql<number>`(select seq from a)` })
        .where('room_id', '=', p.roomId)
        .returning('room_id'),
    )
    .insertInto('room_activity')
    .columns(['room_id', 'activity_seq', 'created_at'])
    .expression((eb) =>
      eb.selectFrom('a').select([sql.val(p.roomId).as('room_id'), 'a.seq', sql.val(p.at).as('created_at')]),
    ),
);

export class RoomActivityStore {
  constructor(
    private readonly db: Executor,
    private readonly dialect: Dialect,
  ) {}

  /**
   * Takes the project's next activity number and stamps it on the room, logging it so a
   * paging snapshot can still see where the room stood before.
   *
   * SQLite: numbers come from one counter row per project (one writer at a time anyway), so
   * they are unique and ordered as commits are.
   *
   * PostgreSQL: from a sequence, so one project's writers never wait on each other. Numbers may
   * then commit out of order, which a paging snapshot must not see (a number at or below it
   * appearing later would move a room into pages already read). Each writer holds a shared
   * advisory lock of its project from before it takes its number until it commits; shared
   * holders never wait on each other. A reader starting a snapshot (snapshot) reads the
   * sequence, then waits until the transactions holding that lock at that moment have ended:
   * every writer that could still commit a number at or below what it read. It does not queue
   * for the lock (writers would queue behind it, and a writer waiting for a room held by another
   * could close a cycle); it watches those transactions leave pg_locks.
   */
  async bump(projectId: string, roomId: string, at: string): Promise<void> {
    const db = this.db();
    if (this.dialect === 'postgres') {
      await bumpActivityPg(db, { projectId, roomId, at });
      return;
    }
    const { rows } = await takeActivitySeq(db, { projectId });
    if (rows.length === 0) throw new Error(`no project ${projectId}`);
    const seq = Number(rows[0]!.activity_seq);
    await setRoomActivity(db, { roomId, seq });
    await insertActivity(db, { room_id: roomId, activity_seq: seq, created_at: at });
  }

  /**
   * The snapshot a new room-list page starts from: the highest activity number such that every
   * number at or below it is committed (or rolled back) and stays as it is; see bump.
   */
  async snapshot(projectId: string): Promise<number> {
    if (this.dialect === 'postgres') {
      const { rows } = await sql<{
        last_value: string;
        is_called: boolean;
      }>`select last_value, is_called from ${sql.id(ACTIVITY_SEQUENCE)}`.execute(this.db());
      const given = Number(rows[0]!.last_value) - (rows[0]!.is_called ? 0 : 1);
      await this.#writersEnded(projectId);
      return given;
    }
    const row = await this.db()
      .selectFrom('projects')
      .select('activity_seq')
      .where('project_id', '=', projectId)
      .executeTakeFirstOrThrow();
    return Number(row.activity_seq);
  }

  /** PostgreSQL: resolves once the transactions now holding the project's activity lock have ended. */
  async #writersEnded(projectId: string): Promise<void> {
    const holders = sql<{ vxid: string }>`select virtualtransaction as vxid from pg_locks
      where locktype = 'advisory' and classid = ${ACTIVITY_LOCK_SPACE} and objsubid = 2 and granted
      and objid = (hashtext(${projectId}) & ${LOCK_KEY_MASK})::bigint::text::oid`;
    const first = new Set((await holders.execute(this.db())).rows.map((r) => r.vxid));
    // Writers commit within milliseconds; a new one taking the lock meanwhile is not waited for.
    while (first.size > 0) {
      await new Promise((resolve) => setTimeout(resolve, 2));
      const now = new Set((await holders.execute(this.db())).rows.map((r) => r.vxid));
      for (const vxid of first) if (!now.has(vxid)) first.delete(vxid);
    }
  }

  /**
   * Drops activity log entries no live cursor can need: those superseded by an entry older than
   * the cutoff (cursors live 24 h, so their snapshot is at or past that newer entry).
   */
  async prune(cutoff: string): Promise<void> {
    await this.db()
      .deleteFrom('room_activity as a')
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('room_activity as b')
            .select('b.room_id')
            .whereRef('b.room_id', '=', 'a.room_id')
            .whereRef('b.activity_seq', '>', 'a.activity_seq')
            .where('b.created_at', '<', cutoff),
        ),
      )
      .execute();
  }
}
