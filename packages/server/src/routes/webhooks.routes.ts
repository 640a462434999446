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

const Endpoint = Type.Object({
  endpoint_id: Type.String(),
  url: Type.String(),
  description: Type.Unsafe<string | null>({ type: ['string', 'null'] }),
  event_types: Type.Unsafe({ type: ['array', 'null'], items: { type: 'string' } }),
  enabled: Type.Boolean(),
  disabled_reason: Type.Unsafe<string | null>({ type: ['string', 'null'] }),
  failing_since: NullableTimestamp,
  created_at: Timestamp,
  updated_at: Timestamp,
});

/** `event_types` is the one name, in the API, the SDKs and the CLI (`--event-types`). */
const refuseEvents = refuseRenamedFields({ events: 'event_types' });

const Params = Type.Object({ endpoint_id: Type.String({ minLength: 1, maxLength: 64 }) });

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
        summary: 'Create an endpoint; the response carries its signing secret',
        body: Type.Object(EndpointFields, { additionalProperties: false }),
        response: withErrors({ 201: Type.Intersect([Endpoint, Type.Object({ secret: Type.String() })]) }),
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
        summary: 'List endpoints',
        response: withErrors({ 200: Type.Object({ data: Type.Array(Endpoint) }) }),
      },
    },
    async (request) => ({ data: await webhooks.list(projectOf(request)) }),
  );

  r.get(
    '/v1/webhooks/:endpoint_id',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Get an endpoint',
        params: Params,
        response: withErrors({ 200: Endpoint }),
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
        summary: 'Change url, description, event types, or enable/disable',
        params: Params,
        body: Type.Object(
          { ...EndpointFields, url: Type.Optional(EndpointFields.url) },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: withErrors({ 200: Endpoint }),
      },
    },
    (request) => webhooks.update(projectOf(request), request.params.endpoint_id, request.body),
  );

  r.delete(
    '/v1/webhooks/:endpoint_id',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Delete an endpoint and its pending deliveries',
        params: Params,
        response: withErrors({ 204: Type.Null() }),
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
        summary: 'New signing secret; the old one also signs for 24 hours',
        params: Params,
        response: withErrors({ 200: Type.Object({ secret: Type.String(), previous_secret_expires_at: Timestamp }) }),
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
        summary: 'Delivery attempts, newest first',
        params: Params,
        querystring: Type.Object(
          {
            limit: Type.Optional(Limit(LIMITS.pageDefault)),
            cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 512 })),
          },
          { additionalProperties: false },
        ),
        response: withErrors({
          200: Type.Object({
            data: Type.Array(Attempt),
            next_cursor: Type.Unsafe<string | null>({ type: ['string', 'null'] }),
            has_more: Type.Boolean(),
          }),
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
        summary: 'Deliver an event to this endpoint again, from the first attempt',
        params: Params,
        body: Type.Object({ event_id: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false }),
        response: withErrors({ 202: Type.Object({ event_id: Type.String(), status: Type.String() }) }),
      },
    },
    (request, reply) =>
      idempotent(request, reply, async () => ({
        status: 202,
        body: await webhooks.resend(projectOf(request), request.params.endpoint_id, request.body.event_id),
      })),
  );
}
