/**
 * Bodies taken as a stream, of any Content-Type, for the routes of the plugin that registers it
 * (uploads): nothing is buffered here, the route reads the bytes as they arrive.
 */
import type { FastifyInstance } from 'fastify';
import type { Readable } from 'node:stream';

export function acceptStreamedBody(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
}

/** The streamed body of a request in such a plugin. */
export function streamedBody(request: { body: unknown; raw: Readable }): Readable {
  return (request.body as Readable | undefined) ?? request.raw;
}
