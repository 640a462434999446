/**
 * The OpenAPI 3.1 document, generated from the route schemas, at GET /v1/openapi.json, and a
 * browsable page at /v1/docs. Must be registered before the routes it describes.
 */
import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';

export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  await app.register(swagger, {
    // Name shared schemas by their $id (Room, Message, Error…) instead of def-0, def-1…
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'OiChat API',
        version,
        description:
          'The OiChat backend API. Requests are signed with the project secret key: see the X-OiChat-* headers and docs/http-api.md.',
      },
      components: {
        securitySchemes: {
          userToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'The user JWT from auth.createToken (end-user API)' },
          oichatSignature: {
            type: 'apiKey',
            in: 'header',
            name: 'X-OiChat-Signature',
            description:
              'v1=hex(HMAC-SHA256(secret, "v1\\n<timestamp>\\n<METHOD>\\n<path-with-query>\\n<sha256(body)>")), with X-OiChat-Project-Id, X-OiChat-Api-Key and X-OiChat-Timestamp',
          },
        },
      },
      security: [{ oichatSignature: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/v1/docs' });
  app.get('/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
