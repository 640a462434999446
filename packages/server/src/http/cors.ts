/**
 * CORS for the end-user API only (/v1/me): browsers call it with the user's Bearer token, which
 * is not an ambient credential, so any configured origin may; and the signed attachment download
 * URLs, whose signature is their only credential. Backend routes stay closed to browsers: their
 * secret must never be in one.
 */
import type { FastifyInstance } from 'fastify';
import cors from '@fastify/cors';

const SIGNED_DOWNLOAD = /^\/v1\/attachments\/[^/?]+\/(content|thumbnail)(\?|$)/;

export async function registerCors(app: FastifyInstance, origins: string[]): Promise<void> {
  const any = origins.includes('*');
  await app.register(cors, {
    delegator: (request, callback) => {
      const url = request.url ?? '';
      const endUser = url.startsWith('/v1/me/') || url === '/v1/me' || SIGNED_DOWNLOAD.test(url);
      callback(null, {
        origin: endUser ? (any ? '*' : origins) : false,
        // PATCH and DELETE: a user edits and deletes their messages and takes back reactions from a page.
        methods: ['GET', 'POST', 'PATCH', 'DELETE'],
        allowedHeaders: ['authorization', 'content-type', 'x-request-id'],
        exposedHeaders: ['x-request-id', 'content-disposition', 'content-length', 'content-range'],
        maxAge: 600,
      });
    },
  });
}
