/**
 * Idempotent execution of a request: the key is claimed, the effect runs, and the response is
 * stored, all in one transaction. A repeat replays the stored outcome.
 *
 * What is stored: a success, and a refusal of a well-formed request by the state it met (403,
 * 404, 409, 422: "not a participant", "room not found"), which is replayed as the same error, as
 * Stripe does. What is not: a malformed request (400) and a failure (5xx, an unexpected error),
 * whose claim rolls back with the effect, so the same key can be retried.
 *
 * Stored outcomes are sealed with the master key: they can hold secrets shown only once (a user
 * token, a webhook secret) and live for 24 hours. Rows written before sealing (plain JSON) are
 * still read.
 */
import { createHash } from 'node:crypto';
import type { SecretBox } from '../crypto/secret-box.js';
import { AppError, errors, type ErrorDetail } from '../errors/app-error.js';
import type { IdempotencyRow } from '../store/idempotency.store.js';
import type { Store } from '../store/store.js';
import { isoAt, systemClock, type Clock } from './clock.js';
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

/** A refusal worth remembering: the request was well formed, and the state it met said no. */
function isRefusal(err: unknown): err is AppError {
  return err instanceof AppError && err.status > 400 && err.status < 500;
}

interface StoredRefusal {
  code: string;
  message: string;
  details?: ErrorDetail[];
}

export type IdempotentOutcome = StoredResponse & { replayed: boolean };

export class IdempotencyService {
  constructor(
    private readonly store: Store,
    private readonly box: SecretBox,
    private readonly clock: Clock = systemClock,
  ) {}

  #seal(value: unknown): string {
    return this.box.seal(JSON.stringify(value ?? null));
  }

  /** A stored body: sealed (`v1.…`, which no JSON text starts with), or plain JSON from before sealing. */
  #open(stored: string): unknown {
    return JSON.parse(stored.startsWith('v1.') ? this.box.open(stored) : stored);
  }

  /** Runs `run` once per key; a replayed refusal is thrown again, marked `Idempotent-Replayed`. */
  async execute(req: IdempotentRequest, run: () => Promise<StoredResponse>): Promise<IdempotentOutcome> {
    const fingerprint = createHash('sha256')
      .update(`${req.method}\n${req.path}\n${canonicalJson(req.body ?? null)}`)
      .digest('hex');
    const at = isoAt(this.clock.now());
    let refusal: AppError | null = null;
    try {
      return await this.store.transaction(async () => {
        refusal = null; // a run again (group-commit.ts) starts afresh
        const prior = await this.#claimOrReplay(req, fingerprint, at);
        if (prior) return prior;
        let response: StoredResponse;
        try {
          response = await run();
        } catch (err) {
          if (isRefusal(err)) refusal = err;
          throw err;
        }
        if (response.status >= 300) throw new Error('Only successful responses are stored as responses.');
        await this.#record(req, fingerprint, at, response.status, response.body);
        return { ...response, replayed: false };
      });
    } catch (err) {
      if (err !== refusal || refusal === null) throw err;
      const refused: AppError = refusal;
      // The effect rolled back with the claim; the refusal is recorded under the key on its own.
      const prior = await this.store.transaction(async () => {
        const replay = await this.#claimOrReplay(req, fingerprint, at);
        if (!replay) {
          const stored: StoredRefusal = {
            code: refused.code,
            message: refused.message,
            ...(refused.details && { details: refused.details }),
          };
          await this.#record(req, fingerprint, at, refused.status, stored);
        }
        return replay;
      });
      if (prior) return prior; // a concurrent duplicate got there first: its outcome stands
      throw refused;
    }
  }

  /**
   * Claims the key (null), or returns the stored outcome of an earlier request with it. Where
   * writes run one at a time (SQLite), nothing can come between this read and the end of the
   * transaction, so the key is claimed by writing its outcome once, at the end (#record): one
   * statement less per request, and a refusal writes nothing before it is found, so it rolls
   * back nothing (store/group-commit.ts). On PostgreSQL the claim is a row written first, on
   * which a concurrent duplicate waits (IdempotencyStore.claim).
   */
  async #claimOrReplay(req: IdempotentRequest, fingerprint: string, at: string): Promise<IdempotentOutcome | null> {
    if (this.store.writesOneAtATime) {
      const prior = await this.store.idempotency.find(req.projectId, req.key);
      return prior ? this.#replay(prior, fingerprint) : null;
    }
    if (await this.store.idempotency.claim(req.projectId, req.key, fingerprint, at)) return null;
    const prior = await this.store.idempotency.find(req.projectId, req.key);
    if (!prior) throw errors.idempotencyKeyReused();
    return this.#replay(prior, fingerprint);
  }

  #replay(prior: IdempotencyRow, fingerprint: string): IdempotentOutcome {
    if (prior.fingerprint !== fingerprint) throw errors.idempotencyKeyReused();
    if (prior.status_code === null || prior.response_body === null) throw errors.idempotencyInProgress();
    if (prior.status_code >= 400) {
      const stored = this.#open(prior.response_body) as StoredRefusal;
      throw new AppError(prior.status_code, stored.code, stored.message, stored.details, {
        'idempotent-replayed': 'true',
      });
    }
    return { status: prior.status_code, body: this.#open(prior.response_body), replayed: true };
  }

  /** Stores the outcome under the key claimed by #claimOrReplay. */
  async #record(req: IdempotentRequest, fingerprint: string, at: string, status: number, body: unknown): Promise<void> {
    const sealed = this.#seal(body);
    if (this.store.writesOneAtATime) {
      await this.store.idempotency.insertCompleted(req.projectId, req.key, fingerprint, at, status, sealed);
    } else {
      await this.store.idempotency.complete(req.projectId, req.key, status, sealed);
    }
  }

  prune(now: number = this.clock.now()): Promise<void> {
    return this.store.idempotency.pruneOlderThan(isoAt(now - LIMITS.idempotencyLifetimeMs));
  }
}
