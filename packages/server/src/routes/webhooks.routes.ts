/** /v1/webhooks…: endpoints, secret rotation, the delivery attempt log, and re-sending events. */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { refuseRenamedFields } from '../http/renamed-fields.js';
import { projectOf } from '../http/request-context.js';
import { LIMITS } from '../services/limits.js';
import { EVENT_TYPES } from '../services/models.js';
import { typed, type RouteDeps } from './route-deps.js';
import { Limit, NullableTimestamp, Timestamp, withErrors } from './schemas.js';

const EventTypes = Type.Unsafe<(typeof EVENT_TYPES)[number][] | null>({
  type: ['array', 'null'],
  items: { enum: [...EVENT_TYPES] },
  minItems: 1,
  maxItems: EVENT_TYPES.length,
  description: `Event types to receive (${EVENT_TYPES.join(', ')}); null or absent: all`,
});

const EndpointFields = {
  url: Type.String({ minLength: 1, maxLength: 2048, description: 'http(s) URL that receives POSTs' }),
  description: Type.Optional(Type.String({ maxLength: LIMITS.nameLength })),
  event_types: Type.Optional(EventTypes),
  enabled: Type.Optional(Type.Boolean()),
};

const EndpointFieldsOut = {
  endpoint_id: Type.String(),
  url: Type.String(),
  description: Type.Unsafe<string | null>({ type: ['string', 'null'] }),
  event_types: Type.Unsafe({ type: ['array', 'null'], items: { type: 'string' } }),
  enabled: Type.Boolean(),
  disabled_reason: Type.Unsafe<string | null>({ type: ['string', 'null'] }),
  failing_since: NullableTimestamp,
  created_at: Timestamp,
  updated_at: Timestamp,
};
const Endpoint = (description: string) => Type.Object(EndpointFieldsOut, { description });

/** `event_types` is the one name, in the API, the SDKs and the CLI (`--event-types`). */
const refuseEvents = refuseRenamedFields({ events: 'event_types' });

const Params = Type.Object({ endpoint_id: Type.String({ minLength: 1, maxLength: 64 }) });

const NotFound = ['webhook_endpoint_not_found'] as const;

const Attempt = Type.Object({
  attempt_id: Type.String(),
  event_id: Type.String(),
  attempted_at: Timestamp,
  status_code: Type.Unsafe<number | null>({ type: ['integer', 'null'] }),
  latency_ms: Type.Integer(),
  error: Type.Unsafe<string | null>({ type: ['string', 'null'] }),
  response_body: Type.Unsafe<string | null>({ type: ['string', 'null'] }),
  delivery_status: Type.String({ description: 'pending, delivered or failed' }),
});

export async function webhooksRoutes(app: FastifyInstance, { services, idempotent }: RouteDeps): Promise<void> {
  const r = typed(app);
  const webhooks = services.webhooks;

  r.post(
    '/v1/webhooks',
    {
      preValidation: refuseEvents,
      schema: {
        tags: ['webhooks'],
        operationId: 'webhooks_create',
        summary: 'Create an endpoint; the response carries its signing secret',
        body: Type.Object(EndpointFields, { additionalProperties: false }),
        response: withErrors({
          201: Type.Object(
            {
              ...EndpointFieldsOut,
              secret: Type.String({ description: 'The signing secret (whsec_…), shown only now' }),
            },
            { description: 'The new endpoint, with its signing secret' },
          ),
        }),
      },
    },
    (request, reply) =>
      idempotent(request, reply, async () => {
        const { endpoint, secret } = await webhooks.create(projectOf(request), request.body);
        return { status: 201, body: { ...endpoint, secret } };
      }),
  );

  r.get(
    '/v1/webhooks',
    {
      schema: {
        tags: ['webhooks'],
        operationId: 'webhooks_list',
        summary: 'List endpoints',
        response: withErrors({
          200: Type.Object(
            { data: Type.Array(Type.Object(EndpointFieldsOut)) },
            { description: 'Every endpoint of the project' },
          ),
        }),
      },
    },
    async (request) => ({ data: await webhooks.list(projectOf(request)) }),
  );

  r.get(
    '/v1/webhooks/:endpoint_id',
    {
      schema: {
        tags: ['webhooks'],
        operationId: 'webhooks_get',
        summary: 'Get an endpoint',
        params: Params,
        response: withErrors({ 200: Endpoint('The endpoint') }),
        errorCodes: NotFound,
      },
    },
    (request) => webhooks.get(projectOf(request), request.params.endpoint_id),
  );

  r.patch(
    '/v1/webhooks/:endpoint_id',
    {
      preValidation: refuseEvents,
      schema: {
        tags: ['webhooks'],
        operationId: 'webhooks_update',
        summary: 'Change url, description, event types, or enable/disable',
        params: Params,
        body: Type.Object(
          { ...EndpointFields, url: Type.Optional(EndpointFields.url) },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: withErrors({ 200: Endpoint('The endpoint as updated') }),
        errorCodes: NotFound,
      },
    },
    (request) => webhooks.update(projectOf(request), request.params.endpoint_id, request.body),
  );

  r.delete(
    '/v1/webhooks/:endpoint_id',
    {
      schema: {
        tags: ['webhooks'],
        operationId: 'webhooks_delete',
        summary: 'Delete an endpoint and its pending deliveries',
        params: Params,
        response: withErrors({ 204: Type.Null({ description: 'The endpoint is deleted (no body)' }) }),
        errorCodes: NotFound,
      },
    },
    async (request, reply) => {
      await webhooks.delete(projectOf(request), request.params.endpoint_id);
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/v1/webhooks/:endpoint_id/rotate-secret',
    {
      schema: {
        tags: ['webhooks'],
        operationId: 'webhooks_rotateSecret',
        summary: 'New signing secret; the old one also signs for 24 hours',
        params: Params,
        response: withErrors({
          200: Type.Object(
            { secret: Type.String(), previous_secret_expires_at: Timestamp },
            { description: 'The new signing secret, and when the old one stops signing' },
          ),
        }),
        errorCodes: NotFound,
      },
    },
    (request, reply) =>
      idempotent(request, reply, async () => ({
        status: 200,
        body: await webhooks.rotateSecret(projectOf(request), request.params.endpoint_id),
      })),
  );

  r.get(
    '/v1/webhooks/:endpoint_id/attempts',
    {
      schema: {
        tags: ['webhooks'],
        operationId: 'webhooks_attempts',
        summary: 'Delivery attempts, newest first',
        errorCodes: NotFound,
        params: Params,
        querystring: Type.Object(
          {
            limit: Type.Optional(Limit(LIMITS.pageDefault)),
            cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 512 })),
          },
          { additionalProperties: false },
        ),
        response: withErrors({
          200: Type.Object(
            {
              data: Type.Array(Attempt),
              next_cursor: Type.Unsafe<string | null>({ type: ['string', 'null'] }),
              has_more: Type.Boolean(),
            },
            { description: 'A page of delivery attempts, newest first' },
          ),
        }),
      },
    },
    (request) => webhooks.attempts(projectOf(request), request.params.endpoint_id, request.query),
  );

  r.post(
    '/v1/webhooks/:endpoint_id/resend',
    {
      schema: {
        tags: ['webhooks'],
        operationId: 'webhooks_resend',
        summary: 'Deliver an event to this endpoint again, from the first attempt',
        errorCodes: ['webhook_endpoint_not_found', 'event_not_found'],
        params: Params,
        body: Type.Object({ event_id: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false }),
        response: withErrors({
          202: Type.Object(
            { event_id: Type.String(), status: Type.String() },
            { description: 'The event is queued for delivery again' },
          ),
        }),
      },
    },
    (request, reply) =>
      idempotent(request, reply, async () => ({
        status: 202,
        body: await webhooks.resend(projectOf(request), request.params.endpoint_id, request.body.event_id),
      })),
  );
}
