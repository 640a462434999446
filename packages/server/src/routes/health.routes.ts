/**
 * Liveness and readiness for process managers and load balancers. What it checks comes in as the
 * two probes it needs (app.ts passes the store and, in a cluster, the Redis bus), so routes/
 * reaches neither store/ nor cluster/.
 */
import type { FastifyInstance } from 'fastify';
import { noteErrorCode } from '../errors/http.js';

export interface ReadinessProbes {
  /** Resolves when the database answers (the store's ping). */
  store: { ping(): Promise<void> };
  /** Present in a cluster: whether both Redis connections are up. */
  bus?: { healthy(): boolean } | undefined;
}

export async function healthRoutes(app: FastifyInstance, { store, bus }: ReadinessProbes): Promise<void> {
  app.get('/healthz', { schema: { tags: ['health'], hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { tags: ['health'], hide: true } }, async (request, reply) => {
    if (bus && !bus.healthy()) {
      noteErrorCode(reply, 'not_ready');
      return reply.status(503).send({ status: 'unavailable', reason: 'redis' });
    }
    try {
      await store.ping();
      return { status: 'ready' };
    } catch (err) {
      request.log.warn({ err }, 'readiness check failed');
      noteErrorCode(reply, 'not_ready');
      return reply.status(503).send({ status: 'unavailable', reason: 'database' });
    }
  });
}
