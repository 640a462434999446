/**
 * End-user budgets counted in Redis, so that a user's limit holds across the nodes of a cluster
 * (services/user-limits.ts says what is counted). While Redis is unreachable each node counts on
 * its own (rate-limiter-flexible's insurance limiter): no request fails because Redis is down, and
 * a node still protects itself, though a user spread over k nodes then gets k budgets.
 */
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import { waitOf, type CounterFactory } from '../services/user-limits.js';

const PREFIX = 'oichat:limit:';

export function redisCounters(client: Redis): CounterFactory {
  return (name, points, durationSeconds) => {
    const limiter = new RateLimiterRedis({
      storeClient: client,
      keyPrefix: PREFIX + name,
      points,
      duration: durationSeconds,
      // Straight to the insurance while the connection is down, instead of waiting on a dead socket.
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory({ keyPrefix: name, points, duration: durationSeconds }),
    });
    return { take: (key) => limiter.consume(key).then(() => 0, waitOf) };
  };
}
