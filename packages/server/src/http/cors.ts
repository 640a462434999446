/**
 * CORS for the end-user API only (/v1/me): browsers call it with the user's Bearer token, which
 * is not an ambient credential, so any configured origin may. Backend routes stay closed to
 * browsers: their secret must never be in one.
 */
import type { FastifyInstance } from 'fastify';
import cors from '@fastify/cors';

export async function registerCors(app: FastifyInstance, origins: string[]): Promise<void> {
  const any = origins.includes('*');
  await app.register(cors, {
    delegator: (request, callback) => {
      const endUser = (request.url ?? '').startsWith('/v1/me/') || request.url === '/v1/me';
      callback(null, {
        origin: endUser ? (any ? '*' : origins) : false,
        methods: ['GET', 'POST'],
        allowedHeaders: ['authorization', 'content-type', 'x-request-id'],
        exposedHeaders: ['x-request-id'],
        maxAge: 600,
      });
    },
  });
}
