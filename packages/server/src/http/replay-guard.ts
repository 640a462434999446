/**
 * Each backend request signature is accepted once (docs/http-api.md, "Authentication"): runs
 * right after backendAuth and refuses, `401 replayed_request`, a signature accepted before
 * within the replay window. Signature v1 (deprecated) has no nonce, so two identical requests in
 * one second share their signature: its reads are not checked, and a write that repeats the
 * Idempotency-Key of the first is a retry, which the idempotency layer answers.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { REPLAY_WINDOW_SECONDS } from '../crypto/request-signature.js';
import { errors } from '../errors/app-error.js';
import type { SeenSignatures } from '../services/seen-signatures.js';
import { projectOf } from './request-context.js';

const READS = new Set(['GET', 'HEAD']);

export function replayGuard(seen: SeenSignatures) {
  return async function refuseReplays(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    const signing = request.signing;
    if (!signing) return;
    if (signing.version === 'v1' && READS.has(request.method)) return;
    const key = `${projectOf(request).projectId}:${signing.signature}`;
    const first = await seen.firstSeen(key, signing.idempotencyKey ?? '', REPLAY_WINDOW_SECONDS * 1000);
    if (first === null) return;
    if (signing.version === 'v1' && signing.idempotencyKey !== undefined && first === signing.idempotencyKey) return;
    throw errors.replayedRequest();
  };
}
