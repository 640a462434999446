/** The realtime wire protocol (docs/realtime.md): close codes and limits. */

export const CLOSE = {
  goingAway: 1001,
  internalError: 1011,
  tryAgainLater: 1013,
  unauthorized: 4001,
  tokenExpired: 4002,
  tokenRevoked: 4003,
  slowConsumer: 4008,
  protocolError: 4009,
  /** The user opened more sockets than the per-user cap: this, their oldest, made room for a newer one. */
  tooManyConnections: 4010,
  /** The connection kept sending frames past its budget after being told to wait. */
  rateLimited: 4029,
} as const;

export const REALTIME_PATH = '/v1/realtime';

export const LIMITS = {
  authTimeoutMs: 10_000,
  /** The server pings this often and drops a peer that did not answer the previous ping. Read when the gateway starts. */
  heartbeatMs: 25_000,
  typingExpiryMs: 6_000,
  /** Bytes queued for one connection before it counts as a slow consumer. */
  maxBufferedBytes: 1024 * 1024,
  maxFrameBytes: 64 * 1024,
  /** Messages read per query while filling a gap. */
  fillPageSize: 100,
  /** A fill sends more only while fewer bytes than this wait in the connection's send buffer. */
  fillDrainBytes: 128 * 1024,
  /** Live messages of one room held while it fills; beyond, they are dropped and read from the store instead. */
  maxPendingMessages: 1_000,
  /** Signals held for a connection between its auth frame and `ready`; beyond, it is closed 1013 to try again. */
  maxLoadingSignals: 10_000,
  /** Frames refused in a row (over the user's frame budget) before the connection is closed 4029. */
  maxRefusedFrames: 20,
  /** Frames of one connection waiting for their budget check; beyond, the socket is no longer read until they are done. */
  maxQueuedFrames: 32,
};

export type ClientFrame =
  | { type: 'auth'; token: string; resume?: Record<string, number>; changes?: Record<string, number>; id?: string }
  | { type: 'typing.start' | 'typing.stop'; room_id: string; id?: string }
  | { type: 'ping'; id?: string };
