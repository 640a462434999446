/**
 * The OpenAPI 3.1 document, generated from the route schemas, at GET /v1/openapi.json, and a
 * browsable page at /v1/docs. Must be registered before the routes it describes.
 */
import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';

/** The headers a signed backend request carries, documented as parameters (checked by backend-auth.ts, not by a schema). */
const SIGNED_HEADERS = {
  'x-oichat-project-id': { type: 'string', description: 'The project id (proj_…)' },
  'x-oichat-api-key': { type: 'string', description: 'The api key (ak_live_…)' },
  'x-oichat-timestamp': { type: 'string', description: 'Unix time in seconds; within 300 s of the server clock' },
};
/** Required with a v2 signature only, so not by the schema (v1 requests, deprecated, have none). */
const NONCE_HEADER = {
  'x-oichat-nonce': {
    type: 'string',
    pattern: '^[A-Za-z0-9_-]{16,64}$',
    description: 'New and random for every request and every retry; signed (signature v2)',
  },
};
const IDEMPOTENCY_HEADER = {
  'idempotency-key': {
    type: 'string',
    maxLength: 255,
    description:
      'Makes a retry of this POST have its effect once and get the first response back (docs/http-api.md, "Idempotency")',
  },
};

type RouteSchema = Record<string, unknown> & {
  security?: unknown[];
  headers?: { properties?: Record<string, unknown> };
};

/** Adds to each signed backend route the request headers its signature and idempotency rely on. */
function documentHeaders({
  schema,
  url,
  route,
}: {
  schema: RouteSchema;
  url: string;
  route: { method: string | string[] };
}) {
  const signed = schema.security === undefined && url.startsWith('/v1/');
  if (!signed) return { schema, url };
  const post = ([] as string[]).concat(route.method).includes('POST');
  const properties = {
    ...SIGNED_HEADERS,
    ...NONCE_HEADER,
    ...(post && IDEMPOTENCY_HEADER),
    ...schema.headers?.properties,
  };
  return { schema: { ...schema, headers: { type: 'object', properties, required: Object.keys(SIGNED_HEADERS) } }, url };
}

export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  await app.register(swagger, {
    transform: documentHeaders as never,
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
          userToken: {
            type: 'http',
            scheme: 'bearer',
            bearerFormat: 'JWT',
            description: 'The user JWT from auth.createToken (end-user API)',
          },
          oichatSignature: {
            type: 'apiKey',
            in: 'header',
            name: 'X-OiChat-Signature',
            description:
              'v2=hex(HMAC-SHA256(secret, "v2\\n<timestamp>\\n<nonce>\\n<METHOD>\\n<path-with-query>\\n<idempotency-key or empty>\\n<sha256(body)>")), with X-OiChat-Project-Id, X-OiChat-Api-Key, X-OiChat-Timestamp and X-OiChat-Nonce; each signature is accepted once',
          },
        },
      },
      security: [{ oichatSignature: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/v1/docs' });
  app.get('/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
