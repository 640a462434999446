/** POST /v1/channels/:channel/events: a backend publishes a live event to users subscribed to a channel. */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { projectOf } from '../http/request-context.js';
import { assertJsonObjectSize } from '../services/json-rules.js';
import { LIMITS } from '../services/limits.js';
import { typed, type RouteDeps } from './route-deps.js';
import { JsonObjectSchema, withErrors } from './schemas.js';

export async function channelsRoutes(app: FastifyInstance, { services, idempotent }: RouteDeps): Promise<void> {
  typed(app).post(
    '/v1/channels/:channel/events',
    {
      schema: {
        tags: ['realtime'],
        operationId: 'channels_publish',
        summary: 'Publish a live event to the users whose token lists the channel (not stored)',
        params: Type.Object({ channel: Type.String({ minLength: 1, maxLength: LIMITS.channelLength }) }),
        body: Type.Object(
          { event: Type.String({ minLength: 1, maxLength: 100 }), data: Type.Optional(JsonObjectSchema) },
          { additionalProperties: false },
        ),
        response: withErrors({
          202: Type.Object(
            { channel: Type.String(), event: Type.String() },
            { description: 'The event is on its way to the subscribed users online now' },
          ),
        }),
      },
    },
    // Under an Idempotency-Key the publication waits for the key's commit, so a retry never publishes twice.
    (request, reply) =>
      idempotent(request, reply, async () => {
        const data = request.body.data ?? {};
        assertJsonObjectSize('data', data);
        services.events.publish({
          kind: 'channel',
          projectId: projectOf(request).projectId,
          channel: request.params.channel,
          event: request.body.event,
          data,
        });
        return { status: 202, body: { channel: request.params.channel, event: request.body.event } };
      }),
  );
}
