/**
 * Idempotent execution of a request: the key is claimed, the effect runs, and the response is
 * stored, all in one transaction. A repeat replays the stored response; an error rolls the
 * claim back with the effect, so nothing is stored and the key can be retried.
 */
import { createHash } from 'node:crypto';
import { errors } from '../errors/app-error.js';
import type { Store } from '../store/store.js';
import { isoAt, nowIso } from './clock.js';
import { LIMITS } from './limits.js';

export interface IdempotentRequest {
  projectId: string;
  key: string;
  method: string;
  path: string;
  body: unknown;
}

export interface StoredResponse {
  status: number;
  body: unknown;
}

/** JSON with object keys sorted, so the same body sent with other formatting matches. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export class IdempotencyService {
  constructor(private readonly store: Store) {}

  async execute(req: IdempotentRequest, run: () => Promise<StoredResponse>): Promise<StoredResponse & { replayed: boolean }> {
    const fingerprint = createHash('sha256')
      .update(`${req.method}\n${req.path}\n${canonicalJson(req.body ?? null)}`)
      .digest('hex');
    return this.store.transaction(async () => {
      if (!(await this.store.idempotency.claim(req.projectId, req.key, fingerprint, nowIso()))) {
        const prior = await this.store.idempotency.find(req.projectId, req.key);
        if (!prior || prior.fingerprint !== fingerprint) throw errors.idempotencyKeyReused();
        if (prior.status_code === null || prior.response_body === null) throw errors.idempotencyInProgress();
        return { status: prior.status_code, body: JSON.parse(prior.response_body) as unknown, replayed: true };
      }
      const response = await run();
      if (response.status >= 300) throw new Error('Only successful responses may be stored for idempotency.');
      await this.store.idempotency.complete(req.projectId, req.key, response.status, JSON.stringify(response.body ?? null));
      return { ...response, replayed: false };
    });
  }

  prune(now: number = Date.now()): Promise<void> {
    return this.store.idempotency.pruneOlderThan(isoAt(now - LIMITS.idempotencyLifetimeMs));
  }
}
