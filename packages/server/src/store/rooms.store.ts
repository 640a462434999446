/**
 * Rooms, their members, and the activity log that makes "most recent activity first" paging a
 * stable snapshot (see listForUser).
 */
import { sql, type Expression, type Selectable, type SqlBool, type Updateable } from 'kysely';
import type { Dialect, Executor } from './store.js';
import type { RoomsTable } from './schema.js';
import { inSlices } from './in-slices.js';
import { prepared, preparedInsert } from './prepared.js';
import { ACTIVITY_SEQUENCE } from './migrations/0010_event_sequence.js';

// The queries of every message send, built once (prepared.ts).
const liveRoomForSender = prepared((db, p: { projectId: string; roomId: string; senderId: string }) =>
  db
    .selectFrom('rooms as r')
    .select('r.room_id')
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('room_members as m')
            .select('m.user_id')
            .whereRef('m.room_id', '=', 'r.room_id')
            .where('m.user_id', '=', p.senderId),
        )
        .as('is_member'),
    )
    .where('r.project_id', '=', p.projectId)
    .where('r.room_id', '=', p.roomId)
    .where('r.deleted_at', 'is', null),
);
const takeMessageSeq = prepared((db, p: { roomId: string; at: string }) =>
  db
    .updateTable('rooms')
    .set((eb) => ({
      last_seq: eb('last_seq', '+', 1),
      message_count: eb('message_count', '+', 1),
      last_message_at: p.at,
    }))
    .where('room_id', '=', p.roomId)
    .returning('last_seq'),
);
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
const insertActivity = preparedInsert('room_activity');
/** The first key of the advisory locks between activity writers and snapshot readers (bumpActivity). */
const ACTIVITY_LOCK_SPACE = 0x6f69_6361; // "oica"
/** The second key, a project's hash kept positive so pg_locks shows it (an oid) as the same number. */
const LOCK_KEY_MASK = 0x7fff_ffff;
// The shared lock is taken before the number: `a` reads from `l`, so it runs after it.
const bumpActivityPg = prepared((db, p: { projectId: string; roomId: string; at: string }) =>
  db
    .with('l', (d) =>
      d.selectNoFrom(
        sql<number>`pg_advisory_xact_lock_shared(${ACTIVITY_LOCK_SPACE}, hashtext(${p.projectId}) & ${LOCK_KEY_MASK})`.as(
          'x',
        ),
      ),
    )
    .with('a', (d) => d.selectFrom('l').select(sql<string>`nextval(${ACTIVITY_SEQUENCE})`.as('seq')))
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

export type RoomRow = Selectable<RoomsTable>;
export type RoomListRow = RoomRow & { snapshot_seq: number };

/** What a room list may be narrowed to; every filter given must hold (and). */
export interface RoomFilters {
  type?: RoomsTable['type'] | undefined;
  status?: RoomsTable['status'] | undefined;
  /** Top-level metadata keys and the value each must have, as text (see metadataEquals). */
  metadata?: readonly { key: string; value: string }[] | undefined;
}

/**
 * A top-level metadata key has this value: a string equal to it, or a number or boolean whose
 * JSON text is it (`1234`, `true`). Both dialects read the JSON text column; the key is bound as
 * a value, never spliced into a JSON path.
 */
function metadataEquals(dialect: Dialect, key: string, value: string): Expression<SqlBool> {
  const column = sql.ref('r.metadata');
  if (dialect === 'postgres') {
    const field = sql`(${column}::jsonb -> cast(${key} as text))`;
    return sql<SqlBool>`(case jsonb_typeof(${field}) when 'string' then ${column}::jsonb ->> cast(${key} as text) when 'number' then ${field}::text when 'boolean' then ${field}::text end) = cast(${value} as text)`;
  }
  return sql<SqlBool>`exists (select 1 from json_each(${column}) as j where j.key = ${key} and (case j.type when 'text' then j.value when 'integer' then cast(j.value as text) when 'real' then cast(j.value as text) when 'true' then 'true' when 'false' then 'false' end) = ${value})`;
}

/** The filters as conditions on the rooms table aliased `r`. */
function filterConditions(dialect: Dialect, f: RoomFilters): Expression<SqlBool>[] {
  const out: Expression<SqlBool>[] = [];
  if (f.type !== undefined) out.push(sql<SqlBool>`${sql.ref('r.type')} = ${f.type}`);
  if (f.status !== undefined) out.push(sql<SqlBool>`${sql.ref('r.status')} = ${f.status}`);
  for (const { key, value } of f.metadata ?? []) out.push(metadataEquals(dialect, key, value));
  return out;
}

export class RoomsStore {
  constructor(
    private readonly db: Executor,
    private readonly dialect: Dialect,
  ) {}

  async insert(room: RoomRow): Promise<void> {
    await this.db().insertInto('rooms').values(room).execute();
  }

  findLive(projectId: string, roomId: string): Promise<RoomRow | undefined> {
    return this.db()
      .selectFrom('rooms')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('room_id', '=', roomId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
  }

  findLiveDirect(projectId: string, directKey: string): Promise<RoomRow | undefined> {
    return this.db()
      .selectFrom('rooms')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('direct_key', '=', directKey)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
  }

  async update(roomId: string, patch: Updateable<RoomsTable>): Promise<void> {
    await this.db().updateTable('rooms').set(patch).where('room_id', '=', roomId).execute();
  }

  /** Participants of each room, in join order (read 500 rooms a query, within bind-parameter limits). */
  async members(roomIds: readonly string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>(roomIds.map((id) => [id, []]));
    await inSlices(roomIds, async (slice) => {
      const rows = await this.db()
        .selectFrom('room_members')
        .select(['room_id', 'user_id'])
        .where('room_id', 'in', slice)
        .orderBy('room_id')
        .orderBy('position')
        .execute();
      for (const row of rows) out.get(row.room_id)?.push(row.user_id);
    });
    return out;
  }

  /**
   * The live room and whether the sender is one of its members, in one read (a send's first
   * question); undefined when the project has no such live room.
   */
  async liveRoomForSender(
    projectId: string,
    roomId: string,
    senderId: string,
  ): Promise<{ room_id: string; is_member: boolean } | undefined> {
    const { rows } = await liveRoomForSender(this.db(), { projectId, roomId, senderId });
    const row = rows[0] as { room_id: string; is_member: unknown } | undefined;
    return row && { room_id: row.room_id, is_member: Boolean(Number(row.is_member)) };
  }

  async isMember(roomId: string, userId: string): Promise<boolean> {
    const row = await this.db()
      .selectFrom('room_members')
      .select('user_id')
      .where('room_id', '=', roomId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** Adds users not yet in the room, after the current last position. Returns how many were added. */
  async addMembers(
    room: { room_id: string; project_id: string },
    userIds: readonly string[],
    at: string,
  ): Promise<number> {
    const last = await this.db()
      .selectFrom('room_members')
      .select((eb) => eb.fn.max('position').as('p'))
      .where('room_id', '=', room.room_id)
      .executeTakeFirst();
    let position = Number(last?.p ?? 0);
    let added = 0;
    for (const userId of userIds) {
      const result = await this.db()
        .insertInto('room_members')
        .values({
          room_id: room.room_id,
          project_id: room.project_id,
          user_id: userId,
          position: ++position,
          joined_at: at,
        })
        .onConflict((oc) => oc.columns(['room_id', 'user_id']).doNothing())
        .executeTakeFirst();
      added += Number(result.numInsertedOrUpdatedRows ?? 0n);
    }
    if (added > 0) {
      await this.db()
        .updateTable('rooms')
        .set((eb) => ({ participant_count: eb('participant_count', '+', added) }))
        .where('room_id', '=', room.room_id)
        .execute();
    }
    return added;
  }

  /** Every live room of a user with its newest seq and the user's read position. */
  memberships(
    projectId: string,
    userId: string,
  ): Promise<{ room_id: string; last_seq: number; last_read_seq: number }[]> {
    return this.db()
      .selectFrom('room_members as m')
      .innerJoin('rooms as r', 'r.room_id', 'm.room_id')
      .select(['r.room_id', 'r.last_seq', 'm.last_read_seq'])
      .where('m.project_id', '=', projectId)
      .where('m.user_id', '=', userId)
      .where('r.deleted_at', 'is', null)
      .orderBy('r.room_id')
      .execute()
      .then((rows) =>
        rows.map((r) => ({ room_id: r.room_id, last_seq: Number(r.last_seq), last_read_seq: Number(r.last_read_seq) })),
      );
  }

  /** The newest seq of each live room (missing: deleted or unknown). */
  async lastSeqs(roomIds: readonly string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    await inSlices(roomIds, async (slice) => {
      const rows = await this.db()
        .selectFrom('rooms')
        .select(['room_id', 'last_seq'])
        .where('room_id', 'in', slice)
        .where('deleted_at', 'is', null)
        .execute();
      for (const row of rows) out.set(row.room_id, Number(row.last_seq));
    });
    return out;
  }

  /** Moves the user's read position forward to seq (never back); returns the position after. */
  async markRead(roomId: string, userId: string, seq: number): Promise<number> {
    await this.db()
      .updateTable('room_members')
      .set({ last_read_seq: seq })
      .where('room_id', '=', roomId)
      .where('user_id', '=', userId)
      .where('last_read_seq', '<', seq)
      .execute();
    const row = await this.db()
      .selectFrom('room_members')
      .select('last_read_seq')
      .where('room_id', '=', roomId)
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();
    return Number(row.last_read_seq);
  }

  /**
   * Takes the user out of the room. Returns how many participants are left, counted under the
   * room's row lock (the count's update takes it), so of two last participants leaving at once on
   * PostgreSQL the second sees 0; null when the user was not a member.
   */
  async removeMember(roomId: string, userId: string): Promise<number | null> {
    const result = await this.db()
      .deleteFrom('room_members')
      .where('room_id', '=', roomId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) return null;
    const row = await this.db()
      .updateTable('rooms')
      .set((eb) => ({ participant_count: eb('participant_count', '-', 1) }))
      .where('room_id', '=', roomId)
      .returning('participant_count')
      .executeTakeFirstOrThrow();
    return Number(row.participant_count);
  }

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
   * holders never wait on each other. A reader starting a snapshot (projectActivity) reads the
   * sequence, then waits until the transactions holding that lock at that moment have ended:
   * every writer that could still commit a number at or below what it read. It does not queue
   * for the lock (writers would queue behind it, and a writer waiting for a room held by another
   * could close a cycle); it watches those transactions leave pg_locks.
   */
  async bumpActivity(projectId: string, roomId: string, at: string): Promise<void> {
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
   * number at or below it is committed (or rolled back) and stays as it is; see bumpActivity.
   */
  async projectActivity(projectId: string): Promise<number> {
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
   * A user's live rooms ordered by their activity number as of `snapshot` (the project's counter
   * when paging began), strictly below `below`. A room bumped since the snapshot is placed by its
   * last logged number not above the snapshot; a room created since has none and is left out.
   */
  async listForUser(q: {
    projectId: string;
    userId: string;
    snapshot: number;
    below: number;
    limit: number;
    filters?: RoomFilters | undefined;
  }): Promise<RoomListRow[]> {
    const db = this.db();
    let inner = db
      .selectFrom('room_members as m')
      .innerJoin('rooms as r', 'r.room_id', 'm.room_id')
      .selectAll('r')
      .select((eb) =>
        eb
          .case()
          .when('r.activity_seq', '<=', q.snapshot)
          .then(eb.ref('r.activity_seq'))
          .else(
            eb
              .selectFrom('room_activity as a')
              .select((eb2) => eb2.fn.max('a.activity_seq').as('m'))
              .whereRef('a.room_id', '=', 'r.room_id')
              .where('a.activity_seq', '<=', q.snapshot),
          )
          .end()
          .as('snapshot_seq'),
      )
      .where('m.project_id', '=', q.projectId)
      .where('m.user_id', '=', q.userId)
      .where('r.deleted_at', 'is', null);
    for (const condition of filterConditions(this.dialect, q.filters ?? {})) inner = inner.where(condition);
    const rows = await db
      .selectFrom(inner.as('t'))
      .selectAll()
      .where('t.snapshot_seq', 'is not', null)
      .where('t.snapshot_seq', '<', q.below)
      .orderBy('t.snapshot_seq', 'desc')
      .limit(q.limit)
      .execute();
    return rows.map((r) => ({ ...r, snapshot_seq: Number(r.snapshot_seq) }) as RoomListRow);
  }

  /**
   * Every live room of a project matching the filters, ordered as listForUser orders a user's.
   * Read in two index range scans rather than by placing every room of the project: rooms
   * untouched since the snapshot are in activity order already (rooms_project_activity, or
   * rooms_project_status_activity with a status); rooms touched since (those changed while
   * paging, few) are placed by their logged number. The two are merged here.
   */
  async listForProject(q: {
    projectId: string;
    snapshot: number;
    below: number;
    limit: number;
    filters: RoomFilters;
  }): Promise<RoomListRow[]> {
    const db = this.db();
    const conditions = filterConditions(this.dialect, q.filters);
    // below <= snapshot + 1 (cursor.ts), so these rooms are all as they were at the snapshot.
    let untouched = db
      .selectFrom('rooms as r')
      .selectAll('r')
      .where('r.project_id', '=', q.projectId)
      .where('r.deleted_at', 'is', null)
      .where('r.activity_seq', '<', q.below);
    for (const condition of conditions) untouched = untouched.where(condition);
    let touched = db
      .selectFrom('rooms as r')
      .selectAll('r')
      .select((eb) =>
        eb
          .selectFrom('room_activity as a')
          .select((eb2) => eb2.fn.max('a.activity_seq').as('m'))
          .whereRef('a.room_id', '=', 'r.room_id')
          .where('a.activity_seq', '<=', q.snapshot)
          .as('snapshot_seq'),
      )
      .where('r.project_id', '=', q.projectId)
      .where('r.deleted_at', 'is', null)
      .where('r.activity_seq', '>', q.snapshot);
    for (const condition of conditions) touched = touched.where(condition);
    // In this order: a room touched between the two reads is then in both (at the same place,
    // its logged number being its number before), never in neither; it is kept once.
    const before = await untouched.orderBy('r.activity_seq', 'desc').limit(q.limit).execute();
    const since = await db
      .selectFrom(touched.as('t'))
      .selectAll()
      .where('t.snapshot_seq', 'is not', null)
      .where('t.snapshot_seq', '<', q.below)
      .orderBy('t.snapshot_seq', 'desc')
      .limit(q.limit)
      .execute();
    const merged = new Map<string, RoomListRow>();
    for (const r of before) merged.set(r.room_id, { ...r, snapshot_seq: Number(r.activity_seq) });
    for (const r of since) merged.set(r.room_id, { ...r, snapshot_seq: Number(r.snapshot_seq) } as RoomListRow);
    return [...merged.values()].sort((a, b) => b.snapshot_seq - a.snapshot_seq).slice(0, q.limit);
  }

  /**
   * Drops activity log entries no live cursor can need: those superseded by an entry older than
   * the cutoff (cursors live 24 h, so their snapshot is at or past that newer entry).
   */
  async pruneActivity(cutoff: string): Promise<void> {
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

  /** Takes the room's next message seq. Runs inside the send transaction, so a rollback returns it. */
  async nextMessageSeq(roomId: string, at: string): Promise<number> {
    const { rows } = await takeMessageSeq(this.db(), { roomId, at });
    if (rows.length === 0) throw new Error(`no room ${roomId}`);
    return Number(rows[0]!.last_seq);
  }
}
