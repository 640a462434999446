/** The event outbox: one row per change, numbered per project in commit order. */
import { type QueryCreator, sql, type Selectable } from 'kysely';
import { inSlices } from './in-slices.js';
import type { Dialect, Executor } from './store.js';
import { EVENT_SEQUENCE } from './migrations/0010_event_sequence.js';
import type { Database, EventsTable } from './schema.js';
import { prepared, preparedInsert } from './prepared.js';
import { takeRoomEventNumber } from './room-event-numbers.js';
import { enabledEndpoints, type EndpointRow, selectEnabledEndpoints } from './webhooks.store.js';

export type EventRow = Selectable<EventsTable>;

/** The stored events that carry a message (its creation, and its changes since). */
const MESSAGE_EVENT_TYPES = [
  'message.created',
  'message.updated',
  'message.deleted',
  'reaction.added',
  'reaction.removed',
  'message.pinned',
  'message.unpinned',
];

const takeEventSeq = prepared((db, p: { projectId: string }) =>
  db
    .updateTable('projects')
    .set((eb) => ({ event_seq: eb('event_seq', '+', 1) }))
    .where('project_id', '=', p.projectId)
    .returning('event_seq'),
);
const insertEvent = preparedInsert('events');
// PostgreSQL: the event stored and its project's enabled webhook endpoints read in one round trip.
const insertEventReadEndpointsPg = prepared((db, p: EventRow) =>
  selectEnabledEndpoints(
    db.with('e', (d) =>
      d
        .insertInto('events')
        .values({
          event_id: p.event_id,
          project_id: p.project_id,
          event_seq: p.event_seq,
          type: p.type,
          room_id: p.room_id,
          payload: p.payload,
          created_at: p.created_at,
        })
        .returning('event_id'),
    ) as unknown as QueryCreator<Database>,
    p.project_id,
  ),
);
// PostgreSQL: the number comes from the sequence once the row is locked (RETURNING runs after
// the update), so within a room (or a project, for events of no room) numbers follow commits.
const takeRoomEventSeqPg = prepared((db, p: { roomId: string }) =>
  db
    .updateTable('rooms')
    .set((eb) => ({ room_id: eb.ref('room_id') }))
    .where('room_id', '=', p.roomId)
    .returning(sql<string>`nextval(${EVENT_SEQUENCE})`.as('event_seq')),
);
const takeProjectEventSeqPg = prepared((db, p: { projectId: string }) =>
  db
    .updateTable('projects')
    .set((eb) => ({ event_seq: eb.ref('event_seq') }))
    .where('project_id', '=', p.projectId)
    .returning(sql<string>`nextval(${EVENT_SEQUENCE})`.as('event_seq')),
);

export class EventsStore {
  constructor(
    private readonly db: Executor,
    private readonly dialect: Dialect,
  ) {}

  /**
   * Takes the next event number, in commit order within the room (or within the project, for an
   * event of no room: webhooks promise no more). SQLite has one writer at a time: the project's
   * counter. PostgreSQL: a sequence, read while the room's row (the project's, for no room) is
   * locked by this transaction, so one project's rooms never wait on each other here. A send's
   * event takes the number taken with its seq (room-event-numbers.ts).
   */
  async nextSeq(projectId: string, roomId: string | null = null): Promise<number> {
    const db = this.db();
    const kept = roomId === null ? undefined : takeRoomEventNumber(db, roomId);
    if (kept !== undefined) return kept;
    if (this.dialect === 'postgres') {
      const byRoom = roomId === null ? null : await takeRoomEventSeqPg(db, { roomId });
      const { rows } = byRoom && byRoom.rows.length > 0 ? byRoom : await takeProjectEventSeqPg(db, { projectId });
      if (rows.length === 0) throw new Error(`no project ${projectId}`);
      return Number(rows[0]!.event_seq);
    }
    const { rows } = await takeEventSeq(db, { projectId });
    if (rows.length === 0) throw new Error(`no project ${projectId}`);
    return Number(rows[0]!.event_seq);
  }

  /**
   * Stores the event in the outbox and returns its project's enabled webhook endpoints (those it
   * may need a delivery for), read in the same transaction: on PostgreSQL in the same statement,
   * one round trip instead of two (issue 11).
   */
  async insertAndReadEndpoints(event: EventRow): Promise<EndpointRow[]> {
    const db = this.db();
    if (this.dialect === 'postgres') return (await insertEventReadEndpointsPg(db, event)).rows;
    await insertEvent(db, event);
    return (await enabledEndpoints(db, { projectId: event.project_id })).rows;
  }

  find(projectId: string, eventId: string): Promise<EventRow | undefined> {
    return this.db()
      .selectFrom('events')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('event_id', '=', eventId)
      .executeTakeFirst();
  }

  /**
   * The stored events carrying messages (MESSAGE_EVENT_TYPES) of these rooms whose payload may hold a message of the
   * sender (a text match narrows them; the caller checks the parsed payload).
   */
  async messageEventsMentioning(
    projectId: string,
    roomIds: readonly string[],
    senderId: string,
  ): Promise<Pick<EventRow, 'event_id' | 'payload'>[]> {
    // Events are stored as JSON.stringify wrote them: `"sender_id":"<id>"`, no spaces. User ids
    // have no character JSON escapes; `_` is LIKE's wildcard, so it is escaped.
    const pattern = `%"sender_id":${JSON.stringify(senderId).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const out: Pick<EventRow, 'event_id' | 'payload'>[] = [];
    await inSlices(roomIds, async (slice) => {
      const rows = await this.db()
        .selectFrom('events')
        .select(['event_id', 'payload'])
        .where('room_id', 'in', slice)
        .where('type', 'in', MESSAGE_EVENT_TYPES)
        .where('project_id', '=', projectId)
        .where(sql<boolean>`payload like ${pattern} escape '\\'`)
        .execute();
      out.push(...rows);
    });
    return out;
  }

  async setPayload(eventId: string, payload: string): Promise<void> {
    await this.db().updateTable('events').set({ payload }).where('event_id', '=', eventId).execute();
  }

  findById(eventId: string): Promise<EventRow | undefined> {
    return this.db().selectFrom('events').selectAll().where('event_id', '=', eventId).executeTakeFirst();
  }
}
