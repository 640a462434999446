/**
 * The decrypted signing secrets of api keys seen recently, so a signed request costs one HMAC
 * and no database read or decryption (issue 11: the secret was read and unsealed on every
 * request). An entry keeps the key's project and expiry, which are checked on every use as
 * before, and lives at most SECRET_CACHE_TTL_MS: a rotation made where this process is not told
 * (the `oichat keys rotate` command on the database, a Redis message lost) is seen within that
 * time. A rotation made through this process or another node of its cluster drops the project's
 * entries at once (ProjectsService publishes a `credentials` signal).
 */
export const SECRET_CACHE_TTL_MS = 10_000;
const MAX_ENTRIES = 10_000;

export interface CachedKey {
  project_id: string;
  expires_at: string | null;
  secret: string;
}

export class SecretCache {
  readonly #entries = new Map<string, CachedKey & { until: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  get(apiKey: string): CachedKey | undefined {
    const entry = this.#entries.get(apiKey);
    if (entry === undefined) return undefined;
    if (entry.until > this.now()) return entry;
    this.#entries.delete(apiKey);
    return undefined;
  }

  set(apiKey: string, key: CachedKey): void {
    // Oldest out first: an unbounded map would grow with every key ever presented.
    if (this.#entries.size >= MAX_ENTRIES) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(apiKey, { ...key, until: this.now() + SECRET_CACHE_TTL_MS });
  }

  dropProject(projectId: string): void {
    for (const [apiKey, entry] of this.#entries) if (entry.project_id === projectId) this.#entries.delete(apiKey);
  }
}
