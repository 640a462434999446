/** /v1/me…: the end-user API, acting as the user whose Bearer token signs the request. */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { projectOf } from '../http/request-context.js';
import { userOf } from '../http/user-auth.js';
import { LIMITS } from '../services/limits.js';
import { typed, type RouteDeps } from './route-deps.js';
import {
  CONTENT_DESCRIPTION,
  HistoryPage,
  JsonObjectSchema,
  Limit,
  RoomId,
  RoomPage,
  ThreadFields,
  ThreadQuery,
  withErrors,
} from './schemas.js';

const MessageRef = (description: string) => Type.Unsafe({ $ref: 'Message#', description });
const InRoom = ['room_not_found'] as const;

const RoomParams = Type.Object({ room_id: RoomId });
const Seq = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });

const SendBody = Type.Object(
  {
    content: Type.String({
      minLength: 1,
      maxLength: LIMITS.contentLength,
      description: CONTENT_DESCRIPTION,
    }),
    content_type: Type.Optional(Type.Enum(['text', 'image', 'file', 'custom'])),
    metadata: Type.Optional(JsonObjectSchema),
    ...ThreadFields,
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
        operationId: 'me_rooms_list',
        summary: 'My rooms, most recent activity first',
        security,
        querystring: Type.Object(
          {
            limit: Type.Optional(Limit(LIMITS.pageDefault)),
            cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 512 })),
          },
          { additionalProperties: false },
        ),
        response: withErrors({ 200: RoomPage }),
      },
    },
    (request) => services.rooms.list(projectOf(request), { ...request.query, user_id: userOf(request).userId }),
  );

  r.get(
    '/v1/me/rooms/:room_id',
    {
      schema: {
        tags: ['me'],
        operationId: 'me_rooms_get',
        summary: 'A room I am in',
        security,
        params: RoomParams,
        response: withErrors({ 200: Type.Unsafe({ $ref: 'Room#', description: 'The room' }) }),
        errorCodes: InRoom,
      },
    },
    (request) => services.rooms.getForMember(projectOf(request), request.params.room_id, userOf(request).userId),
  );

  r.get(
    '/v1/me/rooms/:room_id/messages',
    {
      schema: {
        tags: ['me'],
        operationId: 'me_messages_list',
        summary: "A room's messages by seq",
        security,
        errorCodes: InRoom,
        params: RoomParams,
        querystring: Type.Object(
          {
            after: Type.Optional(Seq),
            before: Type.Optional(Seq),
            limit: Type.Optional(Limit(LIMITS.historyPageDefault)),
            thread: ThreadQuery,
          },
          { additionalProperties: false },
        ),
        response: withErrors({ 200: HistoryPage }),
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
        operationId: 'me_messages_send',
        summary: 'Send a message as me (a repeated client_msg_id returns the first message)',
        security,
        params: RoomParams,
        body: SendBody,
        response: withErrors({
          200: MessageRef('The message first sent with this client_msg_id'),
          201: MessageRef('The new message, with its seq'),
        }),
        errorCodes: InRoom,
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
        operationId: 'me_markRead',
        summary: 'Mark read up to a seq',
        security,
        params: RoomParams,
        body: Type.Object({ seq: Seq }, { additionalProperties: false }),
        response: withErrors({
          200: Type.Object(
            { room_id: Type.String(), user_id: Type.String(), last_read_seq: Type.Integer() },
            { description: 'My read position in the room (it never moves back)' },
          ),
        }),
        errorCodes: InRoom,
      },
    },
    (request) =>
      services.rooms.markRead(projectOf(request), request.params.room_id, userOf(request).userId, request.body.seq),
  );

  r.get(
    '/v1/me/unread',
    {
      schema: {
        tags: ['me'],
        operationId: 'me_rooms_unread',
        summary: 'Unread counts of my rooms',
        security,
        response: withErrors({
          200: Type.Object(
            {
              data: Type.Array(
                Type.Object({
                  room_id: Type.String(),
                  last_seq: Type.Integer(),
                  last_read_seq: Type.Integer(),
                  unread_count: Type.Integer(),
                  unread_mentions: Type.Integer({ description: 'Unread messages that mention me' }),
                }),
              ),
            },
            { description: 'Each of my rooms with its unread count' },
          ),
        }),
      },
    },
    async (request) => {
      const [rooms, mentions] = await Promise.all([
        services.rooms.unread(projectOf(request), userOf(request).userId),
        services.threads.unreadMentions(projectOf(request), userOf(request).userId),
      ]);
      return { data: rooms.map((r) => ({ ...r, unread_mentions: mentions.get(r.room_id) ?? 0 })) };
    },
  );
}
