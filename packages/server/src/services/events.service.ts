/**
 * Records events in the outbox, and publishes signals to in-process listeners (the webhook
 * dispatcher, the realtime gateway). Called by other services inside their transaction, so an
 * event exists exactly when its change does; each subscribed webhook endpoint gets a delivery row
 * in that same transaction. Listeners hear of anything only after the commit.
 */
import { newId } from '../crypto/ids.js';
import type { Store } from '../store/store.js';
import { nowIso } from './clock.js';
import type { ChatEvent, EventType } from './models.js';

/** What listeners hear: stored events, and live-only signals that are never stored. */
export type Signal =
  /** `deliveries`: how many webhook deliveries the event put in the outbox. */
  | { kind: 'event'; event: ChatEvent; roomId: string | null; deliveries: number }
  | { kind: 'read'; projectId: string; roomId: string; userId: string; seq: number }
  | { kind: 'channel'; projectId: string; channel: string; event: string; data: Record<string, unknown> }
  | { kind: 'revoked'; projectId: string; userId: string }
  | { kind: 'typing'; projectId: string; roomId: string; userId: string; state: 'start' | 'stop' }
  | { kind: 'presence'; projectId: string; userId: string; state: 'online' | 'offline'; roomIds: string[] };

export type SignalListener = (signal: Signal) => void;

/** Carries signals to the other nodes of a cluster (Redis); absent on a single node. */
export interface SignalBus {
  publish(signal: Signal): void;
}

export class EventsService {
  readonly #listeners = new Set<SignalListener>();
  #bus: SignalBus | null = null;

  constructor(private readonly store: Store) {}

  /** From now on, signals also go to the other nodes. */
  connectBus(bus: SignalBus): void {
    this.#bus = bus;
  }

  /** A signal another node published: for this node's listeners only. */
  emitRemote(signal: Signal): void {
    for (const listener of this.#listeners) listener(signal);
  }

  subscribe(listener: SignalListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Tells listeners once the surrounding transaction (if any) has committed. */
  publish(signal: Signal): void {
    this.store.afterCommit(() => {
      for (const listener of this.#listeners) listener(signal);
      this.#bus?.publish(signal);
    });
  }

  async record(
    projectId: string,
    type: EventType,
    roomId: string | null,
    data: Record<string, unknown>,
  ): Promise<ChatEvent> {
    return this.store.transaction(async () => {
      const seq = await this.store.events.nextSeq(projectId, roomId);
      const event: ChatEvent = { id: newId.event(), type, timestamp: nowIso(), project_id: projectId, data };
      const endpoints = await this.store.events.insertAndReadEndpoints({
        event_id: event.id,
        project_id: projectId,
        event_seq: seq,
        type,
        room_id: roomId,
        payload: JSON.stringify(event),
        created_at: event.timestamp,
      });
      const deliveries = endpoints
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
        }));
      await this.store.webhooks.insertDeliveries(deliveries);
      this.publish({ kind: 'event', event, roomId, deliveries: deliveries.length });
      return event;
    });
  }
}
