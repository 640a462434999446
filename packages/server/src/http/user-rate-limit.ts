/**
 * The end users' REST budgets (docs/realtime.md, "Rate limits"): every authenticated request
 * under /v1/me counts against the user's `requests` budget, and a route that declares a budget
 * of its own in its config (`userBudget: 'messages'`) against that one too. Over either: `429
 * rate_limited` with Retry-After. Runs after user authentication, so it counts only real users,
 * and before validation, so a malformed flood is counted too.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { errors } from '../errors/app-error.js';
import type { UserBudget, UserLimits } from '../services/user-limits.js';
import { userOf } from './user-auth.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A user budget this route counts against, besides `requests`. */
    userBudget?: Exclude<UserBudget, 'requests'>;
  }
}

export function userRateLimit(limits: UserLimits) {
  return async function limit(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    const user = userOf(request);
    const own = request.routeOptions.config.userBudget;
    for (const budget of own ? (['requests', own] as const) : (['requests'] as const)) {
      const waitMs = await limits.take(budget, user);
      if (waitMs > 0) throw errors.userRateLimited(limits.describe(budget), Math.ceil(waitMs / 1000));
    }
  };
}
