/**
 * The signatures a server has accepted within the replay window (docs/http-api.md,
 * "Authentication"): each backend request signature is accepted once. This process's own set by
 * default; a cluster shares one through Redis (cluster/redis-seen-signatures.ts).
 */

export interface SeenSignatures {
  /**
   * Records `key` (with `value`) for `ttlMs` if it is new, and answers null; if it was recorded
   * before and has not expired, records nothing and answers the value it was first recorded with.
   */
  firstSeen(key: string, value: string, ttlMs: number): Promise<string | null>;
}

/**
 * In memory. Every entry lives the same ttl, so entries expire in the order they came in and
 * forgetting the expired ones is a walk from the oldest that stops at the first live one.
 */
export class MemorySeenSignatures implements SeenSignatures {
  readonly #entries = new Map<string, { value: string; expiresAt: number }>();

  constructor(private readonly now: () => number = () => Date.now()) {}

  get size(): number {
    return this.#entries.size;
  }

  async firstSeen(key: string, value: string, ttlMs: number): Promise<string | null> {
    return this.firstSeenNow(key, value, ttlMs);
  }

  /** The same, at once (the Redis set falls back on it while Redis is unreachable). */
  firstSeenNow(key: string, value: string, ttlMs: number): string | null {
    const now = this.now();
    this.#forgetExpired(now);
    const prior = this.#entries.get(key);
    if (prior) return prior.value;
    this.#entries.set(key, { value, expiresAt: now + ttlMs });
    return null;
  }

  #forgetExpired(now: number): void {
    for (const [key, entry] of this.#entries) {
      if (entry.expiresAt > now) return;
      this.#entries.delete(key);
    }
  }
}
