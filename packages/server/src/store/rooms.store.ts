/**
 * Rooms and their members, and the room lists read in "most recent activity first" order from a
 * stable snapshot of the activity log (see listForUser; the log is written by
 * room-activity.store.ts).
 */
import { sql, type Expression, type Selectable, type SqlBool, type Updateable } from 'kysely';
import type { Dialect, Executor } from './store.js';
import type { RoomsTable } from './schema.js';
import { inSlices } from './in-slices.js';
import { prepared } from './prepared.js';

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
}
