/** GET /v1/messages/search (the backend: its project) and GET /v1/me/messages/search (my rooms). */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { projectOf } from '../http/request-context.js';
import { userOf } from '../http/user-auth.js';
import { LIMITS } from '../services/limits.js';
import { SEARCH_LIMITS } from '../services/search.service.js';
import { typed, type RouteDeps } from './route-deps.js';
import { Limit, RoomId, UserId, withErrors } from './schemas.js';

const Query = Type.String({
  minLength: 1,
  maxLength: SEARCH_LIMITS.queryLength,
  description: `Words (at most ${SEARCH_LIMITS.terms}), each matched as a substring of the content (A–Z in either case, other characters as written)`,
});
const Cursor = Type.String({ minLength: 1, maxLength: 512, description: 'next_cursor of the previous page' });

const SearchPage = Type.Object(
  {
    data: Type.Array(Type.Unsafe({ $ref: 'Message#' })),
    next_cursor: Type.Unsafe<string | null>({
      type: ['string', 'null'],
      description: 'Pass as `cursor` for the next page; null on the last',
    }),
    has_more: Type.Boolean(),
  },
  { description: 'Messages holding every word, newest first (each with its room_id and seq)' },
);

/** The backend's search, in the signed group. */
export async function searchRoutes(app: FastifyInstance, { services }: Pick<RouteDeps, 'services'>): Promise<void> {
  typed(app).get(
    '/v1/messages/search',
    {
      schema: {
        tags: ['messages'],
        operationId: 'messages_search',
        summary: "Search the project's messages",
        querystring: Type.Object(
          {
            query: Query,
            room_id: Type.Optional(RoomId),
            sender_id: Type.Optional(UserId),
            cursor: Type.Optional(Cursor),
            limit: Type.Optional(Limit(LIMITS.pageDefault)),
          },
          { additionalProperties: false },
        ),
        response: withErrors({ 200: SearchPage }),
      },
    },
    (request) => services.search.search(projectOf(request), request.query),
  );
}

/** An end user's search of their own rooms, in the /v1/me group. */
export async function meSearchRoutes(app: FastifyInstance, { services }: Pick<RouteDeps, 'services'>): Promise<void> {
  typed(app).get(
    '/v1/me/messages/search',
    {
      schema: {
        tags: ['me'],
        operationId: 'me_messages_search',
        summary: 'Search the messages of my rooms',
        security: [{ userToken: [] }],
        querystring: Type.Object(
          {
            query: Query,
            room_id: Type.Optional(RoomId),
            cursor: Type.Optional(Cursor),
            limit: Type.Optional(Limit(LIMITS.pageDefault)),
          },
          { additionalProperties: false },
        ),
        response: withErrors({ 200: SearchPage }),
        errorCodes: ['room_not_found'],
      },
    },
    (request) => services.search.search(projectOf(request), request.query, userOf(request).userId),
  );
}
