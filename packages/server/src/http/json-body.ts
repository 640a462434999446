/**
 * JSON bodies, read as a buffer we keep and parsed only once the request is authenticated.
 *
 * The signature covers the exact bytes sent (re-serialising the parsed object would not reproduce
 * them), and the bytes are all authentication needs: parsing and walking a megabyte of JSON costs
 * hundreds of milliseconds of CPU, which an anonymous client must not be able to spend (issue 10,
 * finding 2). So the content-type parser only keeps the bytes, and the parse runs as the first
 * route-level preValidation hook of every route: after the scope's own hooks (backend signature,
 * replay guard, rate limits, user token), before the route's hooks and schema validation.
 */
import type { FastifyInstance, FastifyRequest, preValidationHookHandler } from 'fastify';
import { errors, validationFailed } from '../errors/app-error.js';
import { unsafeJson } from '../services/json-rules.js';
import './request-context.js';

/** The body until it is parsed; nothing past the parse hook ever sees it. */
const UNPARSED: unique symbol = Symbol('oichat.unparsed-json');

/** Counts parses, so a test can see that a refused request's body never was (test/http/auth-before-parse.test.ts). */
export const jsonBodyStats = { parsed: 0 };

export function parseJsonBody(request: FastifyRequest): void {
  if (request.body !== UNPARSED) return;
  const raw = request.rawBody!;
  jsonBodyStats.parsed++;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch (err) {
    throw errors.invalidJson((err as Error).message);
  }
  const unsafe = unsafeJson(parsed);
  if (unsafe) throw validationFailed([unsafe]);
  request.body = parsed;
}

const parseHook: preValidationHookHandler = (request, _reply, done) => {
  try {
    parseJsonBody(request);
  } catch (err) {
    return done(err as Error);
  }
  done();
};

export function registerJsonBody(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body: Buffer, done) => {
    request.rawBody = body;
    done(null, body.length === 0 ? undefined : UNPARSED);
  });
  // Route-level hooks run after every scope-level one, so authentication always comes first.
  app.addHook('onRoute', (route) => {
    const own = route.preValidation === undefined ? [] : [route.preValidation].flat();
    route.preValidation = [parseHook, ...own];
  });
}
