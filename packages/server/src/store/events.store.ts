/** The event outbox: one row per change, numbered per project in commit order. */
import type { Selectable } from 'kysely';
import type { Executor } from './store.js';
import type { EventsTable } from './schema.js';

export type EventRow = Selectable<EventsTable>;

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

  findById(eventId: string): Promise<EventRow | undefined> {
    return this.db().selectFrom('events').selectAll().where('event_id', '=', eventId).executeTakeFirst();
  }
}
