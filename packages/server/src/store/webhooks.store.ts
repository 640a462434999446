/** Webhook endpoints, their pending and finished deliveries, and every delivery attempt. */
import { type QueryCreator, sql, type Selectable, type Updateable } from 'kysely';
import type { Executor } from './store.js';
import { prepared } from './prepared.js';
import type { Database, WebhookAttemptsTable, WebhookDeliveriesTable, WebhookEndpointsTable } from './schema.js';

export type EndpointRow = Selectable<WebhookEndpointsTable>;
/** What an attempt's outcome may change on its delivery. */
export type DeliveryPatch = Updateable<WebhookDeliveriesTable>;
export type DeliveryRow = Selectable<WebhookDeliveriesTable>;
export type AttemptRow = Selectable<WebhookAttemptsTable>;

/**
 * A project's enabled endpoints, read by every event it records (EventsStore.insertAndReadEndpoints):
 * from `db`, or from a query that writes first in a CTE of its own.
 */
export const selectEnabledEndpoints = (db: QueryCreator<Database>, projectId: string) =>
  db.selectFrom('webhook_endpoints').selectAll().where('project_id', '=', projectId).where('enabled', '=', 1);
export const enabledEndpoints = prepared((db, p: { projectId: string }) => selectEnabledEndpoints(db, p.projectId));

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
   * sender holds it; the one place that says so, for due(), endpointsWithDueWork() and nextDueAt().
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

  /** Sendable deliveries whose time has come and that no sender holds, but for `exclude` (the caller's in flight). */
  #dueNow(now: string, exclude: readonly string[]) {
    const q = this.#sendable()
      .where('d.next_attempt_at', '<=', now)
      .where((eb) => eb.or([eb('d.locked_until', 'is', null), eb('d.locked_until', '<', now)]));
    return exclude.length > 0 ? q.where('d.delivery_id', 'not in', exclude) : q;
  }

  /**
   * The endpoints that have a delivery due now, each with its project and the due time of its
   * earliest one, leaving out the given endpoints and projects (those with no room to send) and
   * deliveries (the caller's in flight). One short index read per enabled endpoint, however long
   * the backlogs behind them.
   */
  async endpointsWithDueWork(
    now: string,
    skip: { deliveries?: readonly string[]; endpoints?: readonly string[]; projects?: readonly string[] } = {},
  ): Promise<{ endpoint_id: string; project_id: string; due_since: string }[]> {
    let endpoints = this.db()
      .selectFrom('webhook_endpoints as x')
      .select(['x.endpoint_id', 'x.project_id'])
      .select((eb) =>
        eb
          .selectFrom(
            this.#dueNow(now, skip.deliveries ?? [])
              .where('d.endpoint_id', '=', sql.ref<string>('x.endpoint_id'))
              .select('d.next_attempt_at')
              .orderBy('d.next_attempt_at')
              .limit(1)
              .as('first'),
          )
          .select('first.next_attempt_at')
          .as('due_since'),
      )
      .where('x.enabled', '=', 1);
    if (skip.endpoints?.length) endpoints = endpoints.where('x.endpoint_id', 'not in', skip.endpoints);
    if (skip.projects?.length) endpoints = endpoints.where('x.project_id', 'not in', skip.projects);
    const rows = await this.db()
      .selectFrom(endpoints.as('c'))
      .selectAll()
      .where('c.due_since', 'is not', null)
      .execute();
    return rows as { endpoint_id: string; project_id: string; due_since: string }[];
  }

  /**
   * Deliveries due now, at most `limit` of each endpoint asked for (the earliest due first), in
   * one query; none of `exclude` (the caller's in flight).
   */
  async due(
    now: string,
    picks: readonly { endpointId: string; limit: number }[],
    exclude: readonly string[] = [],
  ): Promise<DeliveryRow[]> {
    const wanted = picks.filter((p) => p.limit > 0);
    if (wanted.length === 0) return [];
    const ofEndpoint = (p: { endpointId: string; limit: number }) =>
      this.db()
        .selectFrom(
          this.#dueNow(now, exclude)
            .selectAll('d')
            .where('d.endpoint_id', '=', p.endpointId)
            .orderBy('d.next_attempt_at')
            .limit(p.limit)
            .as('one'),
        )
        .selectAll();
    let q = ofEndpoint(wanted[0]!);
    for (const p of wanted.slice(1)) q = q.unionAll(ofEndpoint(p));
    return q.execute();
  }

  /**
   * The earliest time due() can return a delivery, to sleep until then: over the deliveries
   * due() considers, each at its next attempt or, when held, once its hold runs out. Deliveries
   * disabled or waiting behind another become due only through a change that wakes or is polled
   * for (an endpoint enabled, an attempt recorded), so they do not count; neither do the caller's
   * own deliveries in flight, nor those of endpoints and projects it has no room for now (a
   * delivery finishing there wakes it). Null when nothing can come due.
   */
  async nextDueAt(
    exclude: { deliveries?: readonly string[]; endpoints?: readonly string[]; projects?: readonly string[] } = {},
  ): Promise<string | null> {
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
    if (exclude.deliveries?.length) q = q.where('d.delivery_id', 'not in', exclude.deliveries);
    if (exclude.endpoints?.length) q = q.where('d.endpoint_id', 'not in', exclude.endpoints);
    if (exclude.projects?.length) q = q.where('d.project_id', 'not in', exclude.projects);
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
