/** POST /v1/auth/token and /v1/auth/refresh: user JWTs for the backend to hand to its users. */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { projectOf } from '../http/request-context.js';
import { LIMITS } from '../services/limits.js';
import { typed, type RouteDeps } from './route-deps.js';
import { UserId, UserRole, userInfoSchema, withErrors } from './schemas.js';

const CreateTokenBody = Type.Object(
  {
    user_id: UserId,
    user_name: Type.Optional(Type.String({ maxLength: LIMITS.nameLength })),
    user_info: Type.Optional(userInfoSchema()),
    channels: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: LIMITS.channelLength }), { maxItems: LIMITS.channels }),
    ),
    role: Type.Optional(UserRole),
  },
  { additionalProperties: false },
);

const RefreshBody = Type.Object(
  { token: Type.String({ minLength: 1, maxLength: 16_384 }) },
  { additionalProperties: false },
);

export async function authRoutes(app: FastifyInstance, { services, idempotent }: RouteDeps): Promise<void> {
  const r = typed(app);

  r.post(
    '/v1/auth/token',
    {
      schema: {
        tags: ['auth'],
        operationId: 'auth_createToken',
        summary: 'Issue a user JWT (24 h)',
        body: CreateTokenBody,
        response: withErrors({ 200: Type.Unsafe({ $ref: 'TokenResponse#', description: 'The new user token' }) }),
      },
    },
    (request, reply) =>
      idempotent(request, reply, async () => ({
        status: 200,
        body: await services.tokens.createToken(projectOf(request).projectId, request.body),
      })),
  );

  r.post(
    '/v1/auth/revoke',
    {
      schema: {
        tags: ['auth'],
        operationId: 'auth_revokeTokens',
        summary: 'Revoke every token issued to a user so far; open connections close',
        body: Type.Object({ user_id: UserId }, { additionalProperties: false }),
        response: withErrors({
          200: Type.Object(
            { user_id: Type.String(), revoked_at: Type.String({ format: 'date-time' }) },
            { description: 'Whose tokens were revoked, and from when' },
          ),
        }),
      },
    },
    (request, reply) =>
      idempotent(request, reply, async () => {
        const projectId = projectOf(request).projectId;
        const result = await services.tokens.revokeUser(projectId, request.body.user_id);
        services.events.publish({ kind: 'revoked', projectId, userId: request.body.user_id });
        return { status: 200, body: result };
      }),
  );

  r.post(
    '/v1/auth/refresh',
    {
      schema: {
        tags: ['auth'],
        operationId: 'auth_refreshToken',
        summary: 'Renew a token of this project, expired by at most 30 days',
        body: RefreshBody,
        response: withErrors({ 200: Type.Unsafe({ $ref: 'TokenResponse#', description: 'The renewed user token' }) }),
        errorCodes: ['invalid_token', 'token_too_old'],
      },
    },
    (request, reply) =>
      idempotent(request, reply, async () => ({
        status: 200,
        body: await services.tokens.refreshToken(projectOf(request).projectId, request.body.token),
      })),
  );
}
