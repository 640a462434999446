/**
 * Webhook endpoints of a project: the rules for saving them, secret rotation (both secrets sign
 * for a day), the delivery log, and re-sending an event.
 */
import { newId } from '../crypto/ids.js';
import type { SecretBox } from '../crypto/secret-box.js';
import { newWebhookSecret } from '../crypto/webhook-signature.js';
import { errors } from '../errors/app-error.js';
import type { Store } from '../store/store.js';
import type { AttemptRow, EndpointRow } from '../store/webhooks.store.js';
import { isoAt, nowIso, systemClock, type Clock } from './clock.js';
import { LIMITS } from './limits.js';
import type { EventType, ProjectContext, WebhookEndpoint } from './models.js';
import { checkWebhookUrl } from './webhook-url.js';

export const SECRET_ROTATION_OVERLAP_MS = 24 * 60 * 60 * 1000;

export interface CreateEndpointInput {
  url: string;
  description?: string | undefined;
  event_types?: EventType[] | null | undefined;
  enabled?: boolean | undefined;
}

export type UpdateEndpointInput = Partial<CreateEndpointInput>;

export interface WebhookAttempt {
  attempt_id: string;
  event_id: string;
  attempted_at: string;
  status_code: number | null;
  latency_ms: number;
  error: string | null;
  response_body: string | null;
  /** Where the event's delivery stands now: pending, delivered or failed. */
  delivery_status: string;
}

export function toEndpoint(row: EndpointRow): WebhookEndpoint {
  return {
    endpoint_id: row.endpoint_id,
    url: row.url,
    description: row.description,
    event_types: row.event_types === null ? null : (JSON.parse(row.event_types) as EventType[]),
    enabled: row.enabled === 1,
    disabled_reason: row.disabled_reason,
    failing_since: row.failing_since,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

const uniqueTypes = (types: EventType[] | null | undefined) => (types ? JSON.stringify([...new Set(types)]) : null);

export class WebhooksService {
  constructor(
    private readonly store: Store,
    private readonly box: SecretBox,
    private readonly allowPrivate: boolean,
    /** Told when deliveries may have become due (an endpoint enabled, an event re-sent). */
    private readonly onDue: () => void = () => {},
    private readonly clock: Clock = systemClock,
  ) {}

  async create(
    ctx: ProjectContext,
    input: CreateEndpointInput,
  ): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
    const url = checkWebhookUrl(input.url, this.allowPrivate);
    const secret = newWebhookSecret();
    const at = nowIso();
    const row: EndpointRow = {
      endpoint_id: newId.webhookEndpoint(),
      project_id: ctx.projectId,
      url,
      description: input.description ?? null,
      event_types: uniqueTypes(input.event_types),
      enabled: input.enabled === false ? 0 : 1,
      disabled_reason: null,
      secret_sealed: this.box.seal(secret),
      previous_secret_sealed: null,
      previous_secret_expires_at: null,
      failing_since: null,
      created_at: at,
      updated_at: at,
    };
    await this.store.webhooks.insertEndpoint(row);
    return { endpoint: toEndpoint(row), secret };
  }

  async list(ctx: ProjectContext): Promise<WebhookEndpoint[]> {
    return (await this.store.webhooks.endpoints(ctx.projectId)).map(toEndpoint);
  }

  async get(ctx: ProjectContext, endpointId: string): Promise<WebhookEndpoint> {
    return toEndpoint(await this.#find(ctx, endpointId));
  }

  async update(ctx: ProjectContext, endpointId: string, input: UpdateEndpointInput): Promise<WebhookEndpoint> {
    const url = input.url === undefined ? undefined : checkWebhookUrl(input.url, this.allowPrivate);
    const endpoint = await this.store.transaction(async () => {
      await this.#find(ctx, endpointId);
      await this.store.webhooks.updateEndpoint(endpointId, {
        ...(url !== undefined && { url }),
        ...(input.description !== undefined && { description: input.description }),
        ...(input.event_types !== undefined && { event_types: uniqueTypes(input.event_types) }),
        // Enabling again forgets why it was disabled and starts its failure clock afresh.
        ...(input.enabled !== undefined && {
          enabled: input.enabled ? 1 : 0,
          disabled_reason: null,
          failing_since: null,
        }),
        updated_at: nowIso(),
      });
      return toEndpoint(await this.#find(ctx, endpointId));
    });
    if (endpoint.enabled) this.store.afterCommit(this.onDue);
    return endpoint;
  }

  async delete(ctx: ProjectContext, endpointId: string): Promise<void> {
    await this.store.transaction(async () => {
      await this.#find(ctx, endpointId);
      await this.store.webhooks.deleteEndpoint(endpointId);
    });
  }

  /** A new secret; the old one keeps signing (a second signature) for a day. */
  async rotateSecret(
    ctx: ProjectContext,
    endpointId: string,
  ): Promise<{ secret: string; previous_secret_expires_at: string }> {
    const secret = newWebhookSecret();
    const expiresAt = isoAt(this.clock.now() + SECRET_ROTATION_OVERLAP_MS);
    await this.store.transaction(async () => {
      const row = await this.#find(ctx, endpointId);
      await this.store.webhooks.updateEndpoint(endpointId, {
        secret_sealed: this.box.seal(secret),
        previous_secret_sealed: row.secret_sealed,
        previous_secret_expires_at: expiresAt,
        updated_at: nowIso(),
      });
    });
    return { secret, previous_secret_expires_at: expiresAt };
  }

  async attempts(
    ctx: ProjectContext,
    endpointId: string,
    page: { limit?: number | undefined; cursor?: string | undefined },
  ): Promise<{ data: WebhookAttempt[]; next_cursor: string | null; has_more: boolean }> {
    await this.#find(ctx, endpointId);
    const limit = page.limit ?? LIMITS.pageDefault;
    const before = page.cursor === undefined ? undefined : decodeAttemptCursor(page.cursor);
    const rows = await this.store.webhooks.attempts(endpointId, limit + 1, before);
    const shown = rows.slice(0, limit);
    const deliveries = await this.store.webhooks.deliveriesOf(endpointId, [...new Set(shown.map((r) => r.event_id))]);
    const statusOf = new Map(deliveries.map((d) => [d.event_id, d.status]));
    const last = shown.at(-1);
    return {
      data: shown.map((r) => toAttempt(r, statusOf.get(r.event_id) ?? 'unknown')),
      has_more: rows.length > limit,
      next_cursor: rows.length > limit && last ? encodeAttemptCursor(last) : null,
    };
  }

  /**
   * Queues an event of the project for (re)delivery to the endpoint, from the first attempt. While
   * the event is being sent to it, the re-send waits for that attempt and then goes out once.
   */
  async resend(
    ctx: ProjectContext,
    endpointId: string,
    eventId: string,
  ): Promise<{ event_id: string; status: 'pending' }> {
    await this.store.transaction(async () => {
      await this.#find(ctx, endpointId);
      const event = await this.store.events.find(ctx.projectId, eventId);
      if (!event) throw errors.eventNotFound(eventId);
      const at = nowIso();
      const existing = await this.store.webhooks.findDelivery(endpointId, eventId);
      if (existing) {
        // An attempt under way keeps its hold (no second one joins it) and, finding the delivery
        // changed, does not finish it: the re-send goes out once, after that attempt. A changed
        // next attempt time is what tells it so, even for a first attempt made this millisecond.
        const next = existing.next_attempt_at === at ? isoAt(Date.parse(at) + 1) : at;
        await this.store.webhooks.requeue(existing.delivery_id, next);
      } else {
        await this.store.webhooks.insertDeliveries([
          {
            delivery_id: newId.webhookDelivery(),
            project_id: ctx.projectId,
            endpoint_id: endpointId,
            event_id: eventId,
            event_seq: Number(event.event_seq),
            ordering_key: event.room_id ?? '',
            status: 'pending',
            attempts: 0,
            next_attempt_at: at,
            locked_until: null,
            last_error: null,
            created_at: at,
            finished_at: null,
          },
        ]);
      }
    });
    // This may itself run inside a caller's transaction (an idempotent request): wake only once it commits.
    this.store.afterCommit(this.onDue);
    return { event_id: eventId, status: 'pending' };
  }

  async #find(ctx: ProjectContext, endpointId: string): Promise<EndpointRow> {
    const row = await this.store.webhooks.findEndpoint(ctx.projectId, endpointId);
    if (!row) throw errors.webhookNotFound(endpointId);
    return row;
  }
}

function toAttempt(r: AttemptRow, deliveryStatus: string): WebhookAttempt {
  return {
    attempt_id: r.attempt_id,
    event_id: r.event_id,
    attempted_at: r.attempted_at,
    status_code: r.status_code,
    latency_ms: r.latency_ms,
    error: r.error,
    response_body: r.response_body,
    delivery_status: deliveryStatus,
  };
}

function encodeAttemptCursor(r: AttemptRow): string {
  return Buffer.from(JSON.stringify({ a: r.attempted_at, i: r.attempt_id })).toString('base64url');
}

function decodeAttemptCursor(text: string): { at: string; id: string } {
  try {
    const { a, i } = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as { a?: unknown; i?: unknown };
    if (typeof a === 'string' && typeof i === 'string') return { at: a, id: i };
  } catch {
    // fall through to the one error for every bad cursor
  }
  throw errors.invalidCursor();
}
