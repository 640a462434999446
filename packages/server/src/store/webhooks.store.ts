/** Webhook endpoints, their pending and finished deliveries, and every delivery attempt. */
import type { Selectable, Updateable } from 'kysely';
import type { Executor } from './store.js';
import type { WebhookAttemptsTable, WebhookDeliveriesTable, WebhookEndpointsTable } from './schema.js';

export type EndpointRow = Selectable<WebhookEndpointsTable>;
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
    return this.db().selectFrom('webhook_endpoints').selectAll().where('endpoint_id', '=', endpointId).executeTakeFirst();
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
   * Deliveries whose time has come and that are first in line: no earlier pending delivery for
   * the same endpoint and ordering key, and not held by a sender.
   */
  due(now: string, limit: number): Promise<DeliveryRow[]> {
    return this.db()
      .selectFrom('webhook_deliveries as d')
      .innerJoin('webhook_endpoints as w', 'w.endpoint_id', 'd.endpoint_id')
      .selectAll('d')
      .where('w.enabled', '=', 1)
      .where('d.status', '=', 'pending')
      .where('d.next_attempt_at', '<=', now)
      .where((eb) => eb.or([eb('d.locked_until', 'is', null), eb('d.locked_until', '<', now)]))
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
      )
      .orderBy('d.next_attempt_at')
      .limit(limit)
      .execute();
  }

  /** The earliest time a pending delivery becomes due, to sleep until then. */
  async nextDueAt(): Promise<string | null> {
    const row = await this.db()
      .selectFrom('webhook_deliveries')
      .select((eb) => eb.fn.min('next_attempt_at').as('at'))
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return (row?.at as string | null | undefined) ?? null;
  }

  /** Takes the delivery for one sender; false when another sender holds it. */
  async lock(deliveryId: string, now: string, until: string): Promise<boolean> {
    const result = await this.db()
      .updateTable('webhook_deliveries')
      .set({ locked_until: until })
      .where('delivery_id', '=', deliveryId)
      .where('status', '=', 'pending')
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async updateDelivery(deliveryId: string, patch: Updateable<WebhookDeliveriesTable>): Promise<void> {
    await this.db().updateTable('webhook_deliveries').set(patch).where('delivery_id', '=', deliveryId).execute();
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
        eb.or([eb('attempted_at', '<', before.at), eb.and([eb('attempted_at', '=', before.at), eb('attempt_id', '<', before.id)])]),
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
