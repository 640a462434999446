/**
 * Records events in the outbox. Called by other services inside their transaction, so an event
 * exists exactly when its change does; each subscribed webhook endpoint gets a delivery row in
 * that same transaction. In-process listeners hear of an event only after the commit.
 */
import { newId } from '../crypto/ids.js';
import type { Store } from '../store/store.js';
import { nowIso } from './clock.js';
import type { ChatEvent, EventType } from './models.js';

export type EventListener = (event: ChatEvent) => void;

export class EventsService {
  readonly #listeners = new Set<EventListener>();

  constructor(private readonly store: Store) {}

  subscribe(listener: EventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async record(projectId: string, type: EventType, roomId: string | null, data: Record<string, unknown>): Promise<ChatEvent> {
    return this.store.transaction(async () => {
      const seq = await this.store.events.nextSeq(projectId);
      const event: ChatEvent = { id: newId.event(), type, timestamp: nowIso(), project_id: projectId, data };
      await this.store.events.insert({
        event_id: event.id,
        project_id: projectId,
        event_seq: seq,
        type,
        room_id: roomId,
        payload: JSON.stringify(event),
        created_at: event.timestamp,
      });
      const endpoints = await this.store.webhooks.enabledEndpoints(projectId);
      await this.store.webhooks.insertDeliveries(
        endpoints
          .filter((e) => e.event_types === null || (JSON.parse(e.event_types) as string[]).includes(type))
          .map((e) => ({
            delivery_id: newId.webhookDelivery(),
            project_id: projectId,
            endpoint_id: e.endpoint_id,
            event_id: event.id,
            event_seq: seq,
            ordering_key: roomId ?? '',
            status: 'pending' as const,
            attempts: 0,
            next_attempt_at: event.timestamp,
            locked_until: null,
            last_error: null,
            created_at: event.timestamp,
            finished_at: null,
          })),
      );
      this.store.afterCommit(() => {
        for (const listener of this.#listeners) listener(event);
      });
      return event;
    });
  }
}
