/** Webhook endpoints, their pending and finished deliveries, and every delivery attempt. */
import type { Selectable, Updateable } from 'kysely';
import type { Executor } from './store.js';
import type { WebhookAttemptsTable, WebhookDeliveriesTable, WebhookEndpointsTable } from './schema.js';

export type EndpointRow = Selectable<WebhookEndpointsTable>;
/** What an attempt's outcome may change on its delivery. */
export type DeliveryPatch = Updateable<WebhookDeliveriesTable>;
export type DeliveryRow = Selectable<WebhookDeliveriesTable>;
export type AttemptRow = Selectable<WebhookAttemptsTable>;

export class WebhooksStore {
  constructor(private readonly db: Executor) {}

  async insertEndpoint(row: EndpointRow): Promise<void> {
    await this.db().insertInto('webhook_endpoints').values(row).execute();
  }

  findEndpoint(projectId: string, endpointId: string): Promise<EndpointRow | undefined> {
    return this.db()
      .selectFrom('webhook_endpoints')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('endpoint_id', '=', endpointId)
      .executeTakeFirst();
  }

  findEndpointById(endpointId: string): Promise<EndpointRow | undefined> {
    return this.db()
      .selectFrom('webhook_endpoints')
      .selectAll()
      .where('endpoint_id', '=', endpointId)
      .executeTakeFirst();
  }

  endpoints(projectId: string): Promise<EndpointRow[]> {
    return this.db()
      .selectFrom('webhook_endpoints')
      .selectAll()
      .where('project_id', '=', projectId)
      .orderBy('created_at')
      .orderBy('endpoint_id')
      .execute();
  }

  enabledEndpoints(projectId: string): Promise<EndpointRow[]> {
    return this.db()
      .selectFrom('webhook_endpoints')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('enabled', '=', 1)
      .execute();
  }

  async updateEndpoint(endpointId: string, patch: Updateable<WebhookEndpointsTable>): Promise<void> {
    await this.db().updateTable('webhook_endpoints').set(patch).where('endpoint_id', '=', endpointId).execute();
  }

  async deleteEndpoint(endpointId: string): Promise<void> {
    await this.db().deleteFrom('webhook_attempts').where('endpoint_id', '=', endpointId).execute();
    await this.db().deleteFrom('webhook_deliveries').where('endpoint_id', '=', endpointId).execute();
    await this.db().deleteFrom('webhook_endpoints').where('endpoint_id', '=', endpointId).execute();
  }

  async insertDeliveries(rows: DeliveryRow[]): Promise<void> {
    if (rows.length > 0) await this.db().insertInto('webhook_deliveries').values(rows).execute();
  }

  /**
   * Pending deliveries of enabled endpoints that are first in line: no earlier pending delivery
   * for the same endpoint and ordering key. What may be sent, once its time has come and no
   * sender holds it; the one place that says so, for due() and nextDueAt() alike.
   */
  #sendable() {
    return this.db()
      .selectFrom('webhook_deliveries as d')
      .innerJoin('webhook_endpoints as w', 'w.endpoint_id', 'd.endpoint_id')
      .where('w.enabled', '=', 1)
      .where('d.status', '=', 'pending')
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('webhook_deliveries as e')
              .select('e.delivery_id')
              .whereRef('e.endpoint_id', '=', 'd.endpoint_id')
              .whereRef('e.ordering_key', '=', 'd.ordering_key')
              .where('e.status', '=', 'pending')
              .whereRef('e.event_seq', '<', 'd.event_seq'),
          ),
        ),
      );
  }

  /**
   * Deliveries whose time has come and that are first in line: no earlier pending delivery for
   * the same endpoint and ordering key, and not held by a sender.
   */
  due(now: string, limit: number): Promise<DeliveryRow[]> {
    return this.#sendable()
      .selectAll('d')
      .where('d.next_attempt_at', '<=', now)
      .where((eb) => eb.or([eb('d.locked_until', 'is', null), eb('d.locked_until', '<', now)]))
      .orderBy('d.next_attempt_at')
      .limit(limit)
      .execute();
  }

  /**
   * The earliest time due() can return a delivery, to sleep until then: over the deliveries
   * due() considers, each at its next attempt or, when held, once its hold runs out. Deliveries
   * disabled or waiting behind another become due only through a change that wakes or is polled
   * for (an endpoint enabled, an attempt recorded), so they do not count; neither do `exclude`
   * (the caller's own deliveries in flight). Null when nothing can come due.
   */
  async nextDueAt(exclude: readonly string[] = []): Promise<string | null> {
    let q = this.#sendable().select((eb) =>
      eb.fn
        .min(
          eb
            .case()
            .when('d.locked_until', '>', eb.ref('d.next_attempt_at'))
            .then(eb.ref('d.locked_until'))
            .else(eb.ref('d.next_attempt_at'))
            .end(),
        )
        .as('at'),
    );
    if (exclude.length > 0) q = q.where('d.delivery_id', 'not in', exclude);
    const row = await q.executeTakeFirst();
    return (row?.at as string | null | undefined) ?? null;
  }

  /**
   * Takes the delivery for one sender until `until` (the hold, which is also the sender's
   * token); false when another sender holds it or it changed (a re-send) since it was read.
   */
  async lock(delivery: DeliveryRow, now: string, until: string): Promise<boolean> {
    const result = await this.db()
      .updateTable('webhook_deliveries')
      .set({ locked_until: until })
      .where('delivery_id', '=', delivery.delivery_id)
      .where('status', '=', 'pending')
      .where('attempts', '=', delivery.attempts)
      .where('next_attempt_at', '=', delivery.next_attempt_at)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /**
   * Records the outcome of the attempt that holds the delivery with `hold`, as it was when
   * locked; false (nothing written) when the delivery was re-sent or taken over meanwhile.
   */
  async finishAttempt(delivery: DeliveryRow, hold: string, patch: DeliveryPatch): Promise<boolean> {
    const result = await this.db()
      .updateTable('webhook_deliveries')
      .set({ ...patch, locked_until: null })
      .where('delivery_id', '=', delivery.delivery_id)
      .where('status', '=', 'pending')
      .where('locked_until', '=', hold)
      .where('attempts', '=', delivery.attempts)
      .where('next_attempt_at', '=', delivery.next_attempt_at)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Lets go of the delivery if `hold` is still the sender's hold on it. */
  async release(deliveryId: string, hold: string): Promise<void> {
    await this.db()
      .updateTable('webhook_deliveries')
      .set({ locked_until: null })
      .where('delivery_id', '=', deliveryId)
      .where('locked_until', '=', hold)
      .execute();
  }

  /**
   * Queues a delivery again from its first attempt. A sender's hold is left as it is, so an
   * attempt under way is not joined by a second one; that attempt then finds the delivery changed
   * (finishAttempt() is false), lets go, and the delivery is sent once more.
   */
  async requeue(deliveryId: string, nextAttemptAt: string): Promise<void> {
    await this.db()
      .updateTable('webhook_deliveries')
      .set({ status: 'pending', attempts: 0, next_attempt_at: nextAttemptAt, finished_at: null })
      .where('delivery_id', '=', deliveryId)
      .execute();
  }

  findDelivery(endpointId: string, eventId: string): Promise<DeliveryRow | undefined> {
    return this.db()
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('endpoint_id', '=', endpointId)
      .where('event_id', '=', eventId)
      .executeTakeFirst();
  }

  async insertAttempt(row: AttemptRow): Promise<void> {
    await this.db().insertInto('webhook_attempts').values(row).execute();
  }

  /** Attempts of an endpoint, newest first, strictly before the (attempted_at, attempt_id) position. */
  attempts(endpointId: string, limit: number, before?: { at: string; id: string }): Promise<AttemptRow[]> {
    let q = this.db().selectFrom('webhook_attempts').selectAll().where('endpoint_id', '=', endpointId);
    if (before) {
      q = q.where((eb) =>
        eb.or([
          eb('attempted_at', '<', before.at),
          eb.and([eb('attempted_at', '=', before.at), eb('attempt_id', '<', before.id)]),
        ]),
      );
    }
    return q.orderBy('attempted_at', 'desc').orderBy('attempt_id', 'desc').limit(limit).execute();
  }

  deliveriesOf(endpointId: string, eventIds: readonly string[]): Promise<DeliveryRow[]> {
    if (eventIds.length === 0) return Promise.resolve([]);
    return this.db()
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('endpoint_id', '=', endpointId)
      .where('event_id', 'in', eventIds)
      .execute();
  }
}
