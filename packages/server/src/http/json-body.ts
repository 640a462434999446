/**
 * JSON bodies, parsed from a buffer we keep: the signature covers the exact bytes sent, which
 * re-serialising the parsed object would not reproduce.
 */
import type { FastifyInstance } from 'fastify';
import { errors, validationFailed } from '../errors/app-error.js';
import { unsafeJson } from '../services/json-rules.js';
import './request-context.js';

export function registerJsonBody(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body: Buffer, done) => {
    const raw = body;
    request.rawBody = raw;
    if (raw.length === 0) return done(null, undefined);
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw.toString('utf8'));
    } catch (err) {
      return done(errors.invalidJson((err as Error).message), undefined);
    }
    const unsafe = unsafeJson(parsed);
    if (unsafe) return done(validationFailed([unsafe]), undefined);
    done(null, parsed);
  });
}
