/** Liveness and readiness for process managers and load balancers. */
import type { FastifyInstance } from 'fastify';
import type { RedisBus } from '../cluster/redis-bus.js';
import { noteErrorCode } from '../errors/http.js';
import type { Store } from '../store/store.js';

export async function healthRoutes(
  app: FastifyInstance,
  { store, bus }: { store: Store; bus?: RedisBus | undefined },
): Promise<void> {
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
