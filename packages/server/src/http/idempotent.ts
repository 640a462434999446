/**
 * Route-side idempotency: reads and checks the Idempotency-Key header, runs the handler's effect
 * through IdempotencyService, and marks replays. Without a key the effect just runs.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { fieldError } from '../errors/app-error.js';
import type { IdempotencyService, StoredResponse } from '../services/idempotency.service.js';
import { LIMITS } from '../services/limits.js';
import { projectOf } from './request-context.js';

const KEY_PATTERN = /^[\x21-\x7e]+$/;

export function idempotent(service: IdempotencyService) {
  return async function respond(
    request: FastifyRequest,
    reply: FastifyReply,
    run: () => Promise<StoredResponse>,
  ): Promise<unknown> {
    const key = request.headers['idempotency-key'];
    if (key === undefined) {
      const result = await run();
      return reply.status(result.status).send(result.body);
    }
    if (
      typeof key !== 'string' ||
      key.length === 0 ||
      key.length > LIMITS.idempotencyKeyLength ||
      !KEY_PATTERN.test(key)
    ) {
      throw fieldError(
        'Idempotency-Key',
        'format',
        `must be 1–${LIMITS.idempotencyKeyLength} visible ASCII characters`,
      );
    }
    const result = await service.execute(
      { projectId: projectOf(request).projectId, key, method: request.method, path: request.url, body: request.body },
      run,
    );
    if (result.replayed) reply.header('idempotent-replayed', 'true');
    return reply.status(result.status).send(result.body);
  };
}

export type Idempotent = ReturnType<typeof idempotent>;
