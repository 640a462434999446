/** /v1/me…: the end-user API, acting as the user whose Bearer token signs the request. */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { projectOf } from '../http/request-context.js';
import { userOf } from '../http/user-auth.js';
import { LIMITS } from '../services/limits.js';
import { typed, type RouteDeps } from './route-deps.js';
import { JsonObjectSchema, Limit, RoomId, withErrors } from './schemas.js';

const RoomRef = Type.Unsafe({ $ref: 'Room#' });
const MessageRef = Type.Unsafe({ $ref: 'Message#' });
const RoomParams = Type.Object({ room_id: RoomId });
const Seq = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });

const SendBody = Type.Object(
  {
    content: Type.String({ minLength: 1, maxLength: LIMITS.contentLength }),
    content_type: Type.Optional(Type.Enum(['text', 'image', 'file', 'custom'])),
    metadata: Type.Optional(JsonObjectSchema),
    client_msg_id: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 64,
        pattern: '^[\\x21-\\x7e]+$',
        description: 'Your id for this message; a resend returns the first',
      }),
    ),
  },
  { additionalProperties: false },
);

export async function meRoutes(app: FastifyInstance, { services }: Pick<RouteDeps, 'services'>): Promise<void> {
  const r = typed(app);
  const security = [{ userToken: [] }];

  r.get(
    '/v1/me/rooms',
    {
      schema: {
        tags: ['me'],
        summary: 'My rooms, most recent activity first',
        security,
        querystring: Type.Object(
          {
            limit: Type.Optional(Limit(LIMITS.pageDefault)),
            cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 512 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    (request) => services.rooms.list(projectOf(request), { ...request.query, user_id: userOf(request).userId }),
  );

  r.get(
    '/v1/me/rooms/:room_id',
    {
      schema: {
        tags: ['me'],
        summary: 'A room I am in',
        security,
        params: RoomParams,
        response: withErrors({ 200: RoomRef }),
      },
    },
    (request) => services.rooms.getForMember(projectOf(request), request.params.room_id, userOf(request).userId),
  );

  r.get(
    '/v1/me/rooms/:room_id/messages',
    {
      schema: {
        tags: ['me'],
        summary: "A room's messages by seq",
        security,
        params: RoomParams,
        querystring: Type.Object(
          {
            after: Type.Optional(Seq),
            before: Type.Optional(Seq),
            limit: Type.Optional(Limit(LIMITS.historyPageDefault)),
          },
          { additionalProperties: false },
        ),
      },
    },
    (request) =>
      services.messages.historyAs(projectOf(request), userOf(request).userId, request.params.room_id, request.query),
  );

  r.post(
    '/v1/me/rooms/:room_id/messages',
    {
      config: { userBudget: 'messages' },
      schema: {
        tags: ['me'],
        summary: 'Send a message as me (a repeated client_msg_id returns the first message)',
        security,
        params: RoomParams,
        body: SendBody,
        response: withErrors({ 200: MessageRef, 201: MessageRef }),
      },
    },
    async (request, reply) => {
      const { message, created } = await services.messages.sendAs(
        projectOf(request),
        userOf(request).userId,
        request.params.room_id,
        request.body,
      );
      return reply.status(created ? 201 : 200).send(message);
    },
  );

  r.post(
    '/v1/me/rooms/:room_id/read',
    {
      config: { userBudget: 'reads' },
      schema: {
        tags: ['me'],
        summary: 'Mark read up to a seq',
        security,
        params: RoomParams,
        body: Type.Object({ seq: Seq }, { additionalProperties: false }),
      },
    },
    (request) =>
      services.rooms.markRead(projectOf(request), request.params.room_id, userOf(request).userId, request.body.seq),
  );

  r.get(
    '/v1/me/unread',
    { schema: { tags: ['me'], summary: 'Unread counts of my rooms', security } },
    async (request) => ({
      data: await services.rooms.unread(projectOf(request), userOf(request).userId),
    }),
  );
}
