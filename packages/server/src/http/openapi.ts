/**
 * The OpenAPI 3.1 document, generated from the route schemas, at GET /v1/openapi.json, and a
 * browsable page at /v1/docs. Must be registered before the routes it describes.
 *
 * Conventions every route follows (docs/http-api.md, "The OpenAPI document"): an `operationId`
 * named after its SDK call, `<resource>_<method>` (`rooms_addParticipant`), prefixed `me_` for
 * the end-user API; a `description` on every success response ("The room"); its own error codes
 * in `errorCodes`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { type ErrorCode, errorCodesOf, errorResponses } from './openapi-errors.js';

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
  hide?: boolean;
  security?: Record<string, unknown>[];
  headers?: { properties?: Record<string, unknown> };
  querystring?: { properties?: Record<string, unknown> };
  response?: Record<string, unknown>;
  errorCodes?: readonly ErrorCode[];
};

declare module 'fastify' {
  interface FastifySchema {
    /** The error codes of this route's own rules (room_not_found…); the generic ones are added (openapi-errors.ts). */
    errorCodes?: readonly ErrorCode[];
  }
}

/**
 * Completes each documented route for the document: the request headers a signed route's
 * signature and idempotency rely on, and every error response it can give (openapi-errors.ts)
 * in place of the routes' own error entries, so that none is left undeclared or undescribed.
 */
function documentRoute({
  schema,
  url,
  route,
}: {
  schema: RouteSchema | undefined;
  url: string;
  route: { method: string | string[] };
}) {
  if (!schema || schema.hide) return { schema, url };
  const method = ([] as string[]).concat(route.method)[0]!;
  const signed = schema.security === undefined && url.startsWith('/v1/');
  const codes = errorCodesOf({
    method,
    signed,
    userToken: schema.security?.some((s) => 'userToken' in s) ?? false,
    validated: Boolean(schema.body || schema.querystring || schema.params),
    paged: Boolean(schema.querystring?.properties?.cursor),
    own: schema.errorCodes ?? [],
  });
  const successes = Object.entries(schema.response ?? {}).filter(([status]) => /^[23]/.test(status));
  const documented: RouteSchema = {
    ...schema,
    response: { ...Object.fromEntries(successes), ...errorResponses(codes) },
  };
  if (!signed) return { schema: documented, url };
  const properties = {
    ...SIGNED_HEADERS,
    ...NONCE_HEADER,
    ...(method === 'POST' && IDEMPOTENCY_HEADER),
    ...schema.headers?.properties,
  };
  return {
    schema: { ...documented, headers: { type: 'object', properties, required: Object.keys(SIGNED_HEADERS) } },
    url,
  };
}

const TAGS = [
  { name: 'auth', description: 'User tokens: issue, refresh, revoke, and the keys that verify them' },
  { name: 'rooms', description: 'Rooms and their participants' },
  { name: 'messages', description: 'Sending messages and reading a room’s history' },
  { name: 'attachments', description: 'Uploading files and images, and their signed download URLs' },
  { name: 'webhooks', description: 'Webhook endpoints, their delivery log, and re-sending events' },
  { name: 'realtime', description: 'Live events the backend publishes to channels' },
  { name: 'me', description: 'The end-user API: what a user’s app calls with the user token' },
];

/**
 * Registers the document and its pages. `publicUrl` is the server's public URL when configured;
 * otherwise the document names the origin it was fetched from as its server.
 */
export async function registerOpenApi(app: FastifyInstance, version: string, publicUrl: string | null): Promise<void> {
  await app.register(swagger, {
    transform: documentRoute as never,
    // Name shared schemas by their $id (Room, Message, Error…) instead of def-0, def-1…
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'OiChat API',
        version,
        description:
          'The OiChat backend API and end-user API. Backend requests are signed with the project secret key (the X-OiChat-* headers, docs/http-api.md); end-user requests carry a user token. Every error has the `Error` shape, with a stable `error.code`. Each operation id is the SDK call it backs: `rooms_create` is `oichat.rooms.create()`, `me_rooms_list` the client SDK’s `rooms.list()`.',
        license: { name: 'MIT', identifier: 'MIT' },
      },
      tags: TAGS,
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
  const withServer = <T extends object>(spec: T, request: FastifyRequest): T & { servers: { url: string }[] } => ({
    ...spec,
    servers: [{ url: publicUrl ?? `${request.protocol}://${request.host}`, description: 'This OiChat server' }],
  });
  await app.register(swaggerUi, {
    routePrefix: '/v1/docs',
    transformSpecification: (spec, request) => withServer(spec, request),
  });
  app.get('/v1/openapi.json', { schema: { hide: true } }, async (request) => withServer(app.swagger(), request));
}
