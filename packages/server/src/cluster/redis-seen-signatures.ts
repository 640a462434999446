/**
 * The signatures accepted within the replay window, shared by every node through Redis, so a
 * request replayed to another node than the one that took it is refused too. While Redis is
 * unreachable each node falls back on its own set: a replay to the node that saw the request is
 * still refused, one to another node is not until Redis is back.
 */
import type { Redis } from 'ioredis';
import { MemorySeenSignatures, type SeenSignatures } from '../services/seen-signatures.js';

const PREFIX = 'oichat:seen-signature:';

export class RedisSeenSignatures implements SeenSignatures {
  readonly #local = new MemorySeenSignatures();

  constructor(private readonly client: Redis) {}

  async firstSeen(key: string, value: string, ttlMs: number): Promise<string | null> {
    // Recorded here too, so that the fallback knows what this node took before an outage.
    const local = this.#local.firstSeenNow(key, value, ttlMs);
    if (this.client.status !== 'ready') return local;
    try {
      // SET NX GET: records the key if it is new and answers what it held before, in one step.
      const prior = await this.client.set(PREFIX + key, value, 'PX', ttlMs, 'NX', 'GET');
      // Seen by any node, or by this one while Redis was away (or before it restarted empty).
      return prior ?? local;
    } catch {
      return local;
    }
  }
}
