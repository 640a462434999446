/**
 * Builds the Fastify application: cross-cutting HTTP concerns (ids, logs, body parsing,
 * validation, errors, docs), public routes, and the signed backend routes with their rate limit.
 * No I/O of its own: the caller opens the store and listens.
 */
import type { IncomingMessage } from 'node:http';
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify';
import rateLimit from '@fastify/rate-limit';
import type { Config } from './config.js';
import type { RedisBus } from './cluster/redis-bus.js';
import { newId } from './crypto/ids.js';
import { errors } from './errors/app-error.js';
import { clientErrorAnswer, errorCodeOf, registerErrorHandling, sendError, toAppError } from './errors/http.js';
import { backendAuth } from './http/backend-auth.js';
import { replayGuard } from './http/replay-guard.js';
import { RedisSeenSignatures } from './cluster/redis-seen-signatures.js';
import { MemorySeenSignatures } from './services/seen-signatures.js';
import { idempotent } from './http/idempotent.js';
import { registerJsonBody } from './http/json-body.js';
import { registerBodyDeadlines } from './http/body-deadlines.js';
import { registerCors } from './http/cors.js';
import { registerOpenApi } from './http/openapi.js';
import { projectOf } from './http/request-context.js';
import { registerValidation } from './http/validation.js';
import { authRoutes } from './routes/auth.routes.js';
import { healthRoutes } from './routes/health.routes.js';
import { homeRoutes } from './routes/home.routes.js';
import { jwksRoutes } from './routes/jwks.routes.js';
import { messagesRoutes } from './routes/messages.routes.js';
import { messageChangesRoutes } from './routes/message-changes.routes.js';
import { meMessagesRoutes } from './routes/me-messages.routes.js';
import { attachmentDownloadRoutes, attachmentsRoutes, meAttachmentsRoutes } from './routes/attachments.routes.js';
import { meSearchRoutes, searchRoutes } from './routes/search.routes.js';
import { roomsRoutes } from './routes/rooms.routes.js';
import { usersRoutes } from './routes/users.routes.js';
import { meRoutes } from './routes/me.routes.js';
import { channelsRoutes } from './routes/channels.routes.js';
import { userAuth } from './http/user-auth.js';
import { userRateLimit } from './http/user-rate-limit.js';
import { redisCounters } from './cluster/redis-counters.js';
import { UserLimits } from './services/user-limits.js';
import { registerRealtime } from './realtime/gateway.js';
import { webhooksRoutes } from './routes/webhooks.routes.js';
import { SHARED_SCHEMAS } from './routes/schemas.js';
import type { Services } from './services/index.js';
import { LIMITS } from './services/limits.js';
import type { Store } from './store/store.js';
import { VERSION } from './version.js';

export interface AppDeps {
  config: Config;
  store: Store;
  services: Services;
  /** Present when the server runs as one node of a cluster (--redis). */
  bus?: RedisBus | undefined;
  /** A pino logger or logger options; `false` silences logs (tests). */
  logger?: FastifyServerOptions['logger'];
}

const REQUEST_ID = /^[\x21-\x7e]{1,128}$/;

/** Fastify's own "Server listening at" lines are dropped: the server logs one "server started" record (server.ts). */
export const FASTIFY_LISTEN_TEXT = 'oichat:fastify-listening';

/** Query parameters that are credentials: a signed download URL is a capability until it expires. */
const SECRET_QUERY_PARAM = /([?&]signature=)[^&#]*/gi;

/** What a log line says of a request: Fastify's default fields, with the URL's credentials censored. */
export function requestLogFields(req: FastifyRequest) {
  return {
    method: req.method,
    url: req.url.replace(SECRET_QUERY_PARAM, '$1[redacted]'),
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}

export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  return {
    level,
    serializers: {
      req: (req) => requestLogFields(req as FastifyRequest),
      // The status and, for an error, its code: a 4xx/5xx line says what went wrong.
      res: (reply) => {
        const code = errorCodeOf(reply as FastifyReply);
        return { statusCode: reply.statusCode, ...(code && { error_code: code }) };
      },
    },
    hooks: {
      logMethod(args, method) {
        if (args[0] === FASTIFY_LISTEN_TEXT) return;
        method.apply(this, args);
      },
    },
    // Credentials must never reach a log line.
    redact: {
      paths: ['req.headers["x-oichat-signature"]', 'req.headers["x-oichat-api-key"]', 'req.headers.authorization'],
      censor: '[redacted]',
    },
  };
}

const NUL_IN_URL = /%00/i;

/** How often Node checks the headers deadline, and body-deadlines.ts the bodies in flight. */
function checkEveryMs(limits: Config['limits']): number {
  const shortest = Math.min(limits.httpHeadersTimeoutMs, limits.httpRequestTimeoutMs, limits.httpUploadIdleTimeoutMs);
  return Math.max(50, Math.min(30_000, Math.floor(shortest / 4)));
}

/**
 * No connection is held open by a client that stops sending: the headers must arrive within
 * headersTimeout (Node answers 408 and closes), the body within the request timeout or, for an
 * upload, without a pause longer than the upload idle timeout (body-deadlines.ts: Node's own
 * requestTimeout, one deadline for every body, is off), and a socket on which no byte moves for
 * idleTimeout (between requests, or a response the client does not read) is closed.
 */
function httpTimeouts(limits: Config['limits']) {
  return {
    requestTimeout: 0,
    keepAliveTimeout: limits.httpIdleTimeoutMs,
    connectionTimeout: limits.httpIdleTimeoutMs,
    http: {
      // Only WebSocket upgrades are upgrades: anything else (an `Upgrade: h2c` that the JDK's
      // HttpClient and curl --http2 send with every plain-http GET) is served as the request it is.
      // Node before 22.21 ignores the option and hands those to the gateway, which answers 404.
      shouldUpgradeCallback: (req: IncomingMessage) => /^websocket$/i.test(req.headers.upgrade ?? ''),
      headersTimeout: limits.httpHeadersTimeoutMs,
      connectionsCheckingInterval: checkEveryMs(limits),
    },
  };
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, store, services } = deps;
  const app = Fastify({
    logger: deps.logger ?? loggerOptions(config.logLevel),
    bodyLimit: LIMITS.bodyBytes,
    // request.ip (logs) names the client behind the proxies the operator trusts, and only those.
    trustProxy: config.trustProxy.length > 0 ? config.trustProxy : false,
    // A reaction type in a path (DELETE …/reactions/:type) is up to 64 characters, percent-encoded.
    routerOptions: { maxParamLength: 1024 },
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : newId.request();
    },
    // Requests that arrive while the server closes get a 503 in the error shape (below), not Fastify's own body.
    return503OnClosing: false,
    // Errors Fastify raises before routing (a malformed URL) get the standard shape too.
    frameworkErrors: (err, request, reply) => {
      reply.header('x-request-id', request.id);
      const known = toAppError(err, LIMITS.bodyBytes) ?? errors.internal();
      return sendError(reply, request, known);
    },
    // Bytes the HTTP parser refuses (raw non-ASCII in the URL, oversized headers) too.
    clientErrorHandler: clientErrorAnswer(newId.request),
    forceCloseConnections: 'idle',
    ...httpTimeouts(config.limits),
  });

  let closing = false;
  // Node closes the keep-alive connections idle when the server closes, not those whose answer is
  // still going out then: each is closed once it falls idle, so a shutdown waits for the requests
  // in flight, not for keep-alive timeouts (72 s).
  // Past the shutdown timeout, the connections still busy (a client that stopped reading its
  // answer, an upload still coming) are cut, so a stop is bounded whatever the clients do.
  let reapIdle: NodeJS.Timeout | undefined;
  let deadline: NodeJS.Timeout | undefined;
  app.addHook('preClose', async () => {
    closing = true;
    reapIdle = setInterval(() => app.server.closeIdleConnections(), 100);
    reapIdle.unref();
    deadline = setTimeout(() => {
      app.log.warn({ timeout_ms: config.limits.shutdownTimeoutMs }, 'shutdown timeout: closing busy connections');
      app.server.closeAllConnections();
    }, config.limits.shutdownTimeoutMs);
    deadline.unref();
  });
  app.addHook('onClose', async () => {
    clearInterval(reapIdle);
    clearTimeout(deadline);
  });
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (closing) throw errors.shuttingDown();
    // A NUL decoded from the path or query would reach the database (PostgreSQL refuses it).
    if (NUL_IN_URL.test(request.url)) throw errors.invalidUrl('it encodes a NUL character, %00');
  });
  registerBodyDeadlines(app, {
    requestTimeoutMs: config.limits.httpRequestTimeoutMs,
    uploadIdleTimeoutMs: config.limits.httpUploadIdleTimeoutMs,
    checkEveryMs: checkEveryMs(config.limits),
  });
  registerJsonBody(app);
  registerValidation(app);
  registerErrorHandling(app, { bodyLimit: LIMITS.bodyBytes });
  for (const schema of SHARED_SCHEMAS) app.addSchema(schema);
  await registerOpenApi(app, VERSION, config.publicUrl);
  // In a cluster the counters live in Redis, so a project's limit holds across nodes; while Redis
  // is down requests go through unlimited rather than fail (chat keeps working, only the limit lapses).
  await app.register(rateLimit, {
    global: false,
    ...(deps.bus && { redis: deps.bus.client, nameSpace: 'oichat:rate:', skipOnError: true }),
  });
  await registerCors(app, config.corsOrigins);

  await app.register(homeRoutes, { version: VERSION });
  await app.register(healthRoutes, { store, bus: deps.bus });
  await app.register(jwksRoutes, { services });
  // Signed download URLs carry their own authorization: no credentials, so no auth group.
  await app.register(attachmentDownloadRoutes, { services });

  const seenSignatures = deps.bus ? new RedisSeenSignatures(deps.bus.client) : new MemorySeenSignatures();
  await app.register(async (backend) => {
    backend.addHook('preValidation', backendAuth(services.projects, { signatureV1: config.signatureV1 }));
    // A replay is refused before it counts against the project's budget.
    backend.addHook('preValidation', replayGuard(seenSignatures));
    if (config.rateLimitPerMinute > 0) {
      backend.addHook(
        'preValidation',
        backend.rateLimit({
          max: config.rateLimitPerMinute,
          timeWindow: 60_000,
          keyGenerator: (request) => projectOf(request).projectId,
          errorResponseBuilder: (_request, context) => errors.rateLimited(Math.max(1, Math.ceil(context.ttl / 1000))),
        }),
      );
    }
    const deps = { services, idempotent: idempotent(services.idempotency) };
    await backend.register(authRoutes, deps);
    await backend.register(usersRoutes, deps);
    await backend.register(roomsRoutes, deps);
    await backend.register(messagesRoutes, deps);
    await backend.register(messageChangesRoutes, deps);
    await backend.register(searchRoutes, deps);
    await backend.register(webhooksRoutes, deps);
    await backend.register(channelsRoutes, deps);
    await backend.register(attachmentsRoutes, deps);
  });

  // The end users' own budgets: counted per user, in Redis in a cluster, apart from the project's.
  const { limits } = config;
  const userLimits = new UserLimits(
    {
      requestsPerMinute: limits.userRequestLimit,
      messagesPerMinute: limits.userMessageLimit,
      readsPerMinute: limits.userReadLimit,
      framesPerMinute: limits.userFrameLimit,
      typingIntervalSeconds: limits.typingIntervalSeconds,
    },
    deps.bus && redisCounters(deps.bus.client),
  );

  await app.register(async (users) => {
    users.addHook('preValidation', userAuth(services.tokens));
    users.addHook('preValidation', userRateLimit(userLimits));
    await users.register(meRoutes, { services });
    await users.register(meMessagesRoutes, { services });
    await users.register(meAttachmentsRoutes, { services });
    await users.register(meSearchRoutes, { services });
  });

  registerRealtime(app, services, {
    presence: deps.bus,
    limits: userLimits,
    caps: {
      maxConnections: limits.wsMaxConnections,
      maxPerUser: limits.wsMaxPerUser,
      maxUnauthenticatedPerIp: limits.wsMaxUnauthenticatedPerIp,
      trustProxy: config.trustProxy,
    },
  });

  return app;
}
