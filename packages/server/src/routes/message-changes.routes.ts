/**
 * The backend's calls on one message (issue 12): get, edit, delete, reactions, thread replies,
 * pins, and a room's pinned messages. Signed; POSTs go through `idempotent` (PATCH and DELETE
 * are idempotent by nature: repeating one changes nothing more).
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { projectOf } from '../http/request-context.js';
import { LIMITS } from '../services/limits.js';
import { SYSTEM_SENDER } from '../services/limits.js';
import { typed, type RouteDeps } from './route-deps.js';
import {
  CONTENT_DESCRIPTION,
  JsonObjectSchema,
  Limit,
  MessageId,
  MessageList,
  MessageRef,
  ReactionType,
  RoomId,
  UserId,
  withErrors,
} from './schemas.js';

const MessageParams = Type.Object({ message_id: MessageId });
const Seq = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });

export const EditBody = Type.Object(
  {
    content: Type.Optional(
      Type.String({ minLength: 1, maxLength: LIMITS.contentLength, description: CONTENT_DESCRIPTION }),
    ),
    metadata: Type.Optional(JsonObjectSchema),
  },
  { additionalProperties: false, minProperties: 1, description: 'What changes: content, metadata or both' },
);

export const RepliesQuery = Type.Object(
  {
    after: Type.Optional(Seq),
    before: Type.Optional(Seq),
    limit: Type.Optional(Limit(LIMITS.historyPageDefault)),
  },
  { additionalProperties: false },
);

const ONE_MESSAGE = ['message_not_found'] as const;

export async function messageChangesRoutes(app: FastifyInstance, { services, idempotent }: RouteDeps): Promise<void> {
  const r = typed(app);
  const changes = services.messageChanges;

  r.get(
    '/v1/messages/:message_id',
    {
      schema: {
        tags: ['messages'],
        operationId: 'messages_get',
        summary: 'A message (deleted ones too, emptied)',
        params: MessageParams,
        response: withErrors({ 200: MessageRef('The message as it is now') }),
        errorCodes: ONE_MESSAGE,
      },
    },
    (request) => changes.get(projectOf(request), request.params.message_id),
  );

  r.patch(
    '/v1/messages/:message_id',
    {
      schema: {
        tags: ['messages'],
        operationId: 'messages_update',
        summary: "Edit a message's content and/or metadata (any sender's)",
        params: MessageParams,
        body: EditBody,
        response: withErrors({ 200: MessageRef('The message with its edits and edited_at') }),
        errorCodes: [...ONE_MESSAGE, 'message_deleted'],
      },
    },
    (request) => changes.edit(projectOf(request), request.params.message_id, request.body),
  );

  r.delete(
    '/v1/messages/:message_id',
    {
      schema: {
        tags: ['messages'],
        operationId: 'messages_delete',
        summary: 'Delete a message (soft: it keeps its id and seq, loses content, metadata and reactions)',
        params: MessageParams,
        response: withErrors({ 200: MessageRef('The deleted message, with deleted_at') }),
        errorCodes: ONE_MESSAGE,
      },
    },
    (request) => changes.delete(projectOf(request), request.params.message_id),
  );

  r.post(
    '/v1/messages/:message_id/reactions',
    {
      schema: {
        tags: ['messages'],
        operationId: 'messages_addReaction',
        summary: "Add a participant's reaction (adding one they have changes nothing)",
        params: MessageParams,
        body: Type.Object({ user_id: UserId, type: ReactionType }, { additionalProperties: false }),
        response: withErrors({ 200: MessageRef('The message with its reaction counts') }),
        errorCodes: [...ONE_MESSAGE, 'message_deleted', 'participant_not_found'],
      },
    },
    (request, reply) =>
      idempotent(request, reply, async () => ({
        status: 200,
        body: await services.reactions.add(
          projectOf(request),
          request.params.message_id,
          request.body.user_id,
          request.body.type,
        ),
      })),
  );

  r.delete(
    '/v1/messages/:message_id/reactions/:type',
    {
      schema: {
        tags: ['messages'],
        operationId: 'messages_removeReaction',
        summary: "Remove a participant's reaction (removing one they do not have changes nothing)",
        params: Type.Object({ message_id: MessageId, type: ReactionType }),
        querystring: Type.Object({ user_id: UserId }, { additionalProperties: false }),
        response: withErrors({ 200: MessageRef('The message with its reaction counts') }),
        errorCodes: [...ONE_MESSAGE, 'message_deleted', 'participant_not_found'],
      },
    },
    (request) =>
      services.reactions.remove(
        projectOf(request),
        request.params.message_id,
        request.query.user_id,
        request.params.type,
      ),
  );

  r.get(
    '/v1/messages/:message_id/replies',
    {
      schema: {
        tags: ['messages'],
        operationId: 'messages_replies',
        summary: "A thread's replies by seq (after=N, before=N, or the newest)",
        params: MessageParams,
        querystring: RepliesQuery,
        response: withErrors({ 200: MessageList }),
        errorCodes: ONE_MESSAGE,
      },
    },
    (request) => services.threads.replies(projectOf(request), request.params.message_id, request.query),
  );

  r.post(
    '/v1/messages/:message_id/pin',
    {
      schema: {
        tags: ['messages'],
        operationId: 'messages_pin',
        summary: 'Pin a message (pinning a pinned one changes nothing)',
        params: MessageParams,
        response: withErrors({ 200: MessageRef('The message with pinned_at and pinned_by "system"') }),
        errorCodes: [...ONE_MESSAGE, 'message_deleted'],
      },
    },
    (request, reply) =>
      idempotent(request, reply, async () => ({
        status: 200,
        body: await changes.pin(projectOf(request), request.params.message_id, SYSTEM_SENDER),
      })),
  );

  r.delete(
    '/v1/messages/:message_id/pin',
    {
      schema: {
        tags: ['messages'],
        operationId: 'messages_unpin',
        summary: 'Unpin a message (unpinning one not pinned changes nothing)',
        params: MessageParams,
        response: withErrors({ 200: MessageRef('The message, no longer pinned') }),
        errorCodes: ONE_MESSAGE,
      },
    },
    (request) => changes.unpin(projectOf(request), request.params.message_id),
  );

  r.get(
    '/v1/rooms/:room_id/pins',
    {
      schema: {
        tags: ['messages'],
        operationId: 'rooms_pins',
        summary: "A room's pinned messages, newest pin first (at most 100)",
        params: Type.Object({ room_id: RoomId }),
        response: withErrors({ 200: MessageList }),
        errorCodes: ['room_not_found'],
      },
    },
    (request) => changes.pins(projectOf(request), request.params.room_id),
  );
}
