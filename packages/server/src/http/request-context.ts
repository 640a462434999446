/** What the HTTP layer attaches to a request: the raw body (for signatures) and the authenticated project. */
import type { ProjectContext } from '../services/models.js';

declare module 'fastify' {
  interface FastifyRequest {
    rawBody?: Buffer;
    project?: ProjectContext;
  }
}

export function projectOf(request: { project?: ProjectContext }): ProjectContext {
  if (!request.project) throw new Error('Route reached without an authenticated project: the auth hook is missing.');
  return request.project;
}
