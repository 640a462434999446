/** The realtime wire protocol (docs/realtime.md): close codes and limits. */

export const CLOSE = {
  goingAway: 1001,
  internalError: 1011,
  unauthorized: 4001,
  tokenExpired: 4002,
  tokenRevoked: 4003,
  slowConsumer: 4008,
  protocolError: 4009,
} as const;

export const REALTIME_PATH = '/v1/realtime';

export const LIMITS = {
  authTimeoutMs: 10_000,
  heartbeatMs: 25_000,
  typingExpiryMs: 6_000,
  /** Bytes queued for one connection before it counts as a slow consumer. */
  maxBufferedBytes: 1024 * 1024,
  maxFrameBytes: 64 * 1024,
  /** Messages read per query while filling a gap. */
  fillPageSize: 100,
};

export type ClientFrame =
  | { type: 'auth'; token: string; resume?: Record<string, number>; id?: string }
  | { type: 'typing.start' | 'typing.stop'; room_id: string; id?: string }
  | { type: 'ping'; id?: string };
