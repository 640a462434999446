/** /v1/users…: the project's end users (those auth.createToken issued a token): list, get, update, delete. */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { refuseRenamedFields } from '../http/renamed-fields.js';
import { projectOf } from '../http/request-context.js';
import { LIMITS } from '../services/limits.js';
import { typed, type RouteDeps } from './route-deps.js';
import { Limit, UserId, UserRole, userInfoSchema, withErrors } from './schemas.js';

const UserRef = Type.Unsafe({ $ref: 'User#' });
const UserParams = Type.Object({ user_id: UserId });

const ListQuery = Type.Object(
  {
    role: Type.Optional(Type.Enum(['user', 'agent'], { description: 'Only users of this role' })),
    limit: Type.Optional(Limit(LIMITS.pageDefault)),
    cursor: Type.Optional(
      Type.String({ minLength: 1, maxLength: 512, description: 'next_cursor of the previous page' }),
    ),
  },
  { additionalProperties: false },
);

const UserPage = Type.Object(
  {
    data: Type.Array(UserRef),
    next_cursor: Type.Unsafe<string | null>({ type: ['string', 'null'] }),
    has_more: Type.Boolean(),
  },
  { description: 'A page of users, newest first' },
);

const UpdateBody = Type.Object(
  {
    name: Type.Optional(
      Type.Unsafe<string | null>({
        type: ['string', 'null'],
        maxLength: LIMITS.nameLength,
        description: 'What createToken calls user_name; null clears it',
      }),
    ),
    info: Type.Optional(userInfoSchema('What createToken calls user_info; replaces it whole, {} clears it')),
    role: Type.Optional(UserRole),
  },
  { additionalProperties: false, minProperties: 1 },
);

const DeleteQuery = Type.Object(
  {
    redact_messages: Type.Optional(
      Type.Boolean({
        default: false,
        description:
          "true: erase the content and metadata of every message the user sent (they stay in each room's history, empty)",
      }),
    ),
  },
  { additionalProperties: false },
);

const Deletion = Type.Object(
  {
    user_id: Type.String(),
    deleted_at: Type.String({ format: 'date-time' }),
    rooms_left: Type.Integer({ description: 'Rooms the user was taken out of' }),
    rooms_deleted: Type.Integer({ description: 'Of those, rooms deleted because the user was the last participant' }),
    messages_redacted: Type.Integer({ description: 'Messages erased (0 without redact_messages)' }),
  },
  { description: 'What the deletion did' },
);

export async function usersRoutes(app: FastifyInstance, { services }: RouteDeps): Promise<void> {
  const r = typed(app);
  const users = services.users;

  r.get(
    '/v1/users',
    {
      schema: {
        tags: ['users'],
        operationId: 'users_list',
        summary: 'List users, newest first',
        description:
          'The users auth.createToken has issued a token to (and not deleted since), newest first, optionally of one role. Cursor-paged.',
        querystring: ListQuery,
        response: withErrors({ 200: UserPage }),
      },
    },
    (request) => users.list(projectOf(request), request.query),
  );

  r.get(
    '/v1/users/:user_id',
    {
      schema: {
        tags: ['users'],
        operationId: 'users_get',
        summary: 'Get a user',
        description: 'A user never issued a token (or deleted) is 404 user_not_found.',
        params: UserParams,
        response: withErrors({ 200: UserRef }),
        errorCodes: ['user_not_found'],
      },
    },
    (request) => users.get(projectOf(request), request.params.user_id),
  );

  r.patch(
    '/v1/users/:user_id',
    {
      // The user resource says name and info; createToken's names for them get the right one.
      preValidation: refuseRenamedFields({ user_name: 'name', user_info: 'info' }),
      schema: {
        tags: ['users'],
        operationId: 'users_update',
        summary: 'Update name, info or role',
        description:
          'Tokens already issued keep the claims they were issued with; the next auth.createToken carries the new profile (and sets the role it is given, "user" by default).',
        params: UserParams,
        body: UpdateBody,
        response: withErrors({ 200: UserRef }),
        errorCodes: ['user_not_found'],
      },
    },
    (request) => users.update(projectOf(request), request.params.user_id, request.body),
  );

  r.delete(
    '/v1/users/:user_id',
    {
      schema: {
        tags: ['users'],
        operationId: 'users_delete',
        summary: 'Delete a user: revoke their tokens, take them out of every room, optionally redact their messages',
        description:
          'In one transaction: every token issued to the user stops working (open connections close with 4003); the user leaves every room, with the participant.removed (and, for a room they were the last one in, room.deleted) events and webhooks that leaving makes; with redact_messages=true their messages are redacted (messages.redacted per room). Their messages stay otherwise.',
        params: UserParams,
        querystring: DeleteQuery,
        response: withErrors({ 200: Deletion }),
        errorCodes: ['user_not_found'],
      },
    },
    (request) =>
      users.delete(projectOf(request), request.params.user_id, { redactMessages: request.query.redact_messages }),
  );
}
