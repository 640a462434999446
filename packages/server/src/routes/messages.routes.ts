/** POST /v1/messages and GET /v1/rooms/:room_id/messages (history by seq). */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { projectOf } from '../http/request-context.js';
import { LIMITS } from '../services/limits.js';
import { typed, type RouteDeps } from './route-deps.js';
import {
  CONTENT_DESCRIPTION,
  HistoryPage,
  JsonObjectSchema,
  Limit,
  RoomId,
  UserId,
  ThreadFields,
  ThreadQuery,
  withErrors,
} from './schemas.js';

const SendBody = Type.Object(
  {
    room_id: RoomId,
    sender_id: UserId,
    content: Type.String({
      minLength: 1,
      maxLength: LIMITS.contentLength,
      description: CONTENT_DESCRIPTION,
    }),
    content_type: Type.Optional(Type.Enum(['text', 'image', 'file', 'system', 'custom'])),
    metadata: Type.Optional(JsonObjectSchema),
    ...ThreadFields,
  },
  { additionalProperties: false },
);

const Seq = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });

const HistoryQuery = Type.Object(
  {
    after: Type.Optional(Seq),
    before: Type.Optional(Seq),
    limit: Type.Optional(Limit(LIMITS.historyPageDefault)),
    thread: ThreadQuery,
  },
  { additionalProperties: false },
);

export async function messagesRoutes(app: FastifyInstance, { services, idempotent }: RouteDeps): Promise<void> {
  const r = typed(app);

  r.post(
    '/v1/messages',
    {
      schema: {
        tags: ['messages'],
        operationId: 'messages_send',
        summary: 'Send a message (as a participant or as "system")',
        body: SendBody,
        response: withErrors({ 201: Type.Unsafe({ $ref: 'Message#', description: 'The message, with its seq' }) }),
        errorCodes: ['room_not_found', 'sender_not_participant'],
      },
    },
    (request, reply) =>
      idempotent(request, reply, async () => ({
        status: 201,
        body: (await services.messages.send(projectOf(request), request.body)).message,
      })),
  );

  r.get(
    '/v1/rooms/:room_id/messages',
    {
      schema: {
        tags: ['messages'],
        operationId: 'messages_list',
        summary: "A room's messages by seq (after=N, before=N, or the newest)",
        params: Type.Object({ room_id: RoomId }),
        querystring: HistoryQuery,
        response: withErrors({ 200: HistoryPage }),
        errorCodes: ['room_not_found'],
      },
    },
    (request) => services.messages.history(projectOf(request), request.params.room_id, request.query),
  );
}
