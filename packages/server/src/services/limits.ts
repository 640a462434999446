/** The numbers the API promises (docs/http-api.md). Schemas and services both read them from here. */
import type { ErrorDetail } from '../errors/app-error.js';

export const LIMITS = {
  userIdLength: 128,
  nameLength: 200,
  jsonObjectBytes: 8 * 1024,
  /** Nesting of any JSON a client sends (bodies, frames): deeper is refused, not recursed into. */
  jsonDepth: 32,
  minParticipants: 2,
  maxParticipants: 500,
  contentLength: 10_000,
  channels: 100,
  channelLength: 200,
  idempotencyKeyLength: 255,
  pageDefault: 20,
  /** One `key=value` filter of a room list. */
  metadataFilterLength: 1024,
  pageMax: 100,
  historyPageDefault: 50,
  cursorLifetimeMs: 24 * 60 * 60 * 1000,
  idempotencyLifetimeMs: 24 * 60 * 60 * 1000,
  tokenLifetimeSeconds: 24 * 60 * 60,
  /** user_name, channels and user_info of a token together, as JSON: keeps the JWT under 8 KB, which fits an HTTP header. */
  tokenClaimsBytes: 5 * 1024,
  refreshWindowSeconds: 30 * 24 * 60 * 60,
  bodyBytes: 1024 * 1024,
} as const;

/**
 * Reserved sender id for messages from the backend itself. No user may have it (no token, no
 * room membership): a user called "system" would write messages nobody could tell from the backend's.
 */
export const SYSTEM_SENDER = 'system';

/** The problem with a user id that is the reserved one, for a validation_failed answer; null when it is fine. */
export function reservedUserIdProblem(field: string, userId: string): ErrorDetail | null {
  if (userId !== SYSTEM_SENDER) return null;
  return {
    field,
    rule: 'reserved',
    message: `"${SYSTEM_SENDER}" is reserved for the messages your backend sends as the system; give the user another id`,
  };
}
