/**
 * /v1/me/messages…: an end user's calls on one message (issue 12), limited to what they may do:
 * messages of rooms they belong to only (others are 404), edits and deletes of their own only
 * (403 not_message_sender), reactions as themselves.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { projectOf } from '../http/request-context.js';
import { userOf } from '../http/user-auth.js';
import { EditBody, RepliesQuery } from './message-changes.routes.js';
import { typed, type RouteDeps } from './route-deps.js';
import { MessageId, MessageList, MessageRef, ReactionType, RoomId, withErrors } from './schemas.js';

const MessageParams = Type.Object({ message_id: MessageId });
const ONE_MESSAGE = ['message_not_found'] as const;

export async function meMessagesRoutes(app: FastifyInstance, { services }: Pick<RouteDeps, 'services'>): Promise<void> {
  const r = typed(app);
  const security = [{ userToken: [] }];
  const changes = services.messageChanges;
  const me = (request: Parameters<typeof userOf>[0]) => userOf(request).userId;

  r.get(
    '/v1/me/messages/:message_id',
    {
      schema: {
        tags: ['me'],
        operationId: 'me_messages_get',
        summary: 'A message of a room I am in',
        security,
        params: MessageParams,
        response: withErrors({ 200: MessageRef('The message as it is now, with own_reactions') }),
        errorCodes: ONE_MESSAGE,
      },
    },
    (request) => changes.get(projectOf(request), request.params.message_id, me(request)),
  );

  r.patch(
    '/v1/me/messages/:message_id',
    {
      config: { userBudget: 'messages' },
      schema: {
        tags: ['me'],
        operationId: 'me_messages_update',
        summary: 'Edit one of my messages',
        security,
        params: MessageParams,
        body: EditBody,
        response: withErrors({ 200: MessageRef('The message with its edits and edited_at') }),
        errorCodes: [...ONE_MESSAGE, 'not_message_sender', 'message_deleted'],
      },
    },
    (request) => changes.edit(projectOf(request), request.params.message_id, request.body, me(request)),
  );

  r.delete(
    '/v1/me/messages/:message_id',
    {
      config: { userBudget: 'messages' },
      schema: {
        tags: ['me'],
        operationId: 'me_messages_delete',
        summary: 'Delete one of my messages (soft)',
        security,
        params: MessageParams,
        response: withErrors({ 200: MessageRef('The deleted message, with deleted_at') }),
        errorCodes: [...ONE_MESSAGE, 'not_message_sender'],
      },
    },
    (request) => changes.delete(projectOf(request), request.params.message_id, me(request)),
  );

  r.post(
    '/v1/me/messages/:message_id/reactions',
    {
      config: { userBudget: 'messages' },
      schema: {
        tags: ['me'],
        operationId: 'me_messages_react',
        summary: 'React to a message (reacting again with the same type changes nothing)',
        security,
        params: MessageParams,
        body: Type.Object({ type: ReactionType }, { additionalProperties: false }),
        response: withErrors({ 200: MessageRef('The message with its reaction counts and own_reactions') }),
        errorCodes: [...ONE_MESSAGE, 'message_deleted'],
      },
    },
    (request) =>
      services.reactions.add(
        projectOf(request),
        request.params.message_id,
        me(request),
        request.body.type,
        me(request),
      ),
  );

  r.delete(
    '/v1/me/messages/:message_id/reactions/:type',
    {
      config: { userBudget: 'messages' },
      schema: {
        tags: ['me'],
        operationId: 'me_messages_unreact',
        summary: 'Remove my reaction',
        security,
        params: Type.Object({ message_id: MessageId, type: ReactionType }),
        response: withErrors({ 200: MessageRef('The message with its reaction counts and own_reactions') }),
        errorCodes: [...ONE_MESSAGE, 'message_deleted'],
      },
    },
    (request) =>
      services.reactions.remove(
        projectOf(request),
        request.params.message_id,
        me(request),
        request.params.type,
        me(request),
      ),
  );

  r.get(
    '/v1/me/messages/:message_id/replies',
    {
      schema: {
        tags: ['me'],
        operationId: 'me_messages_replies',
        summary: "A thread's replies by seq",
        security,
        params: MessageParams,
        querystring: RepliesQuery,
        response: withErrors({ 200: MessageList }),
        errorCodes: ONE_MESSAGE,
      },
    },
    (request) => services.threads.replies(projectOf(request), request.params.message_id, request.query, me(request)),
  );

  r.post(
    '/v1/me/messages/:message_id/pin',
    {
      config: { userBudget: 'messages' },
      schema: {
        tags: ['me'],
        operationId: 'me_messages_pin',
        summary: 'Pin a message of a room I am in',
        security,
        params: MessageParams,
        response: withErrors({ 200: MessageRef('The message with pinned_at and pinned_by (me)') }),
        errorCodes: [...ONE_MESSAGE, 'message_deleted'],
      },
    },
    (request) => changes.pin(projectOf(request), request.params.message_id, me(request), me(request)),
  );

  r.delete(
    '/v1/me/messages/:message_id/pin',
    {
      config: { userBudget: 'messages' },
      schema: {
        tags: ['me'],
        operationId: 'me_messages_unpin',
        summary: 'Unpin a message of a room I am in',
        security,
        params: MessageParams,
        response: withErrors({ 200: MessageRef('The message, no longer pinned') }),
        errorCodes: ONE_MESSAGE,
      },
    },
    (request) => changes.unpin(projectOf(request), request.params.message_id, me(request)),
  );

  r.get(
    '/v1/me/rooms/:room_id/pins',
    {
      schema: {
        tags: ['me'],
        operationId: 'me_rooms_pins',
        summary: "A room's pinned messages, newest pin first (at most 100)",
        security,
        params: Type.Object({ room_id: RoomId }),
        response: withErrors({ 200: MessageList }),
        errorCodes: ['room_not_found'],
      },
    },
    (request) => changes.pins(projectOf(request), request.params.room_id, me(request)),
  );
}
