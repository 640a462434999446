/** GET /v1/projects/:project_id/.well-known/jwks.json: public keys to verify a project's user tokens. */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { errors } from '../errors/app-error.js';
import { typed, type RouteDeps } from './route-deps.js';

export async function jwksRoutes(app: FastifyInstance, { services }: Pick<RouteDeps, 'services'>): Promise<void> {
  typed(app).get(
    '/v1/projects/:project_id/.well-known/jwks.json',
    {
      schema: {
        tags: ['auth'],
        operationId: 'auth_jwks',
        summary: "The project's token verification keys (JWKS); no signature needed",
        security: [],
        params: Type.Object({ project_id: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: {
          200: Type.Object(
            { keys: Type.Array(Type.Object({}, { additionalProperties: true, description: 'A public JWK (ES256)' })) },
            { description: 'The JSON Web Key Set that verifies the project’s user tokens' },
          ),
        },
        errorCodes: ['project_not_found'],
      },
    },
    async (request, reply) => {
      const jwks = await services.tokens.jwks(request.params.project_id);
      if (!jwks) throw errors.projectNotFound(request.params.project_id);
      reply.header('cache-control', 'public, max-age=300');
      return jwks;
    },
  );
}
