/**
 * What one end user may do (docs/realtime.md, "Rate limits"): requests to /v1/me, messages
 * sent, read marks and WebSocket frames per minute, each counted per user of a project, and how
 * often a typing indicator of theirs may go out in one room. These budgets are the users' own:
 * they count nothing of the project's backend rate limit, nor of another user's.
 *
 * The counting is rate-limiter-flexible's, in this process by default; a cluster passes counters
 * kept in Redis (cluster/redis-counters.ts), so a budget holds across nodes.
 */
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

export type UserBudget = 'requests' | 'messages' | 'reads' | 'frames';

export interface UserLimitSettings {
  /** Per user per minute; 0 lifts the limit. */
  requestsPerMinute: number;
  messagesPerMinute: number;
  readsPerMinute: number;
  framesPerMinute: number;
  /** At most one typing event of a user in a room goes out per this many seconds. */
  typingIntervalSeconds: number;
}

/** One budget: `take` counts one against a key and answers 0 when within it, else the ms until it may go again. */
export interface Counter {
  take(key: string): Promise<number>;
}

/** Makes the counter of one budget: `points` per `durationSeconds` for each key. */
export type CounterFactory = (name: string, points: number, durationSeconds: number) => Counter;

/** What rate-limiter-flexible's consume() settles with, as the ms to wait (0: go). */
export function waitOf(outcome: unknown): number {
  // Over the budget is a RateLimiterRes; anything else is a failure of the counting itself, and a
  // budget that cannot be counted lets the request through rather than fail it.
  return outcome instanceof RateLimiterRes ? Math.max(1, outcome.msBeforeNext) : 0;
}

export const memoryCounters: CounterFactory = (name, points, durationSeconds) => {
  const limiter = new RateLimiterMemory({ keyPrefix: name, points, duration: durationSeconds });
  return { take: (key) => limiter.consume(key).then(() => 0, waitOf) };
};

const UNLIMITED: Counter = { take: async () => 0 };

const WHAT: Record<UserBudget, string> = {
  requests: 'requests',
  messages: 'messages sent',
  reads: 'read marks',
  frames: 'WebSocket frames',
};

export interface UserRef {
  projectId: string;
  userId: string;
}

const keyOf = (user: UserRef, ...rest: string[]) => JSON.stringify([user.projectId, user.userId, ...rest]);

export class UserLimits {
  readonly #budgets: Record<UserBudget, Counter>;
  readonly #typing: Counter;

  constructor(
    readonly settings: UserLimitSettings,
    counters: CounterFactory = memoryCounters,
  ) {
    const perMinute = (name: UserBudget, points: number) =>
      points > 0 ? counters(`user-${name}`, points, 60) : UNLIMITED;
    this.#budgets = {
      requests: perMinute('requests', settings.requestsPerMinute),
      messages: perMinute('messages', settings.messagesPerMinute),
      reads: perMinute('reads', settings.readsPerMinute),
      frames: perMinute('frames', settings.framesPerMinute),
    };
    this.#typing = counters('user-typing', 1, settings.typingIntervalSeconds);
  }

  /** Counts one against the user's budget: 0 to go ahead, else the ms until the next one is allowed. */
  take(budget: UserBudget, user: UserRef): Promise<number> {
    return this.#budgets[budget].take(keyOf(user)).catch(() => 0);
  }

  /** Whether a typing event of the user in the room may go out now: 0, else the ms until one may. */
  typing(user: UserRef, roomId: string): Promise<number> {
    return this.#typing.take(keyOf(user, roomId)).catch(() => 0);
  }

  /** The limit a budget enforces, in words, for error messages: "60 messages sent per minute". */
  describe(budget: UserBudget): string {
    const points = {
      requests: this.settings.requestsPerMinute,
      messages: this.settings.messagesPerMinute,
      reads: this.settings.readsPerMinute,
      frames: this.settings.framesPerMinute,
    }[budget];
    return `${points} ${WHAT[budget]} per minute`;
  }
}
