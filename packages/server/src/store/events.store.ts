/** The event outbox: one row per change, numbered per project in commit order. */
import { sql, type Selectable } from 'kysely';
import { inSlices } from './in-slices.js';
import type { Executor } from './store.js';
import type { EventsTable } from './schema.js';

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

export class EventsStore {
  constructor(private readonly db: Executor) {}

  /** Takes the project's next event number; serialises event writers of one project. */
  async nextSeq(projectId: string): Promise<number> {
    const { event_seq } = await this.db()
      .updateTable('projects')
      .set((eb) => ({ event_seq: eb('event_seq', '+', 1) }))
      .where('project_id', '=', projectId)
      .returning('event_seq')
      .executeTakeFirstOrThrow();
    return Number(event_seq);
  }

  async insert(event: EventRow): Promise<void> {
    await this.db().insertInto('events').values(event).execute();
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
