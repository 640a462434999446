// Knobs for the SDK's own tests, deliberately outside the documented surface: the symbol is not
// exported from the package entry point and the exports map blocks deep imports, so applications
// cannot come to depend on them.

export interface InternalOptions {
  /** First retry delay in ms (default 500), doubled on each further retry. */
  retryBaseDelayMs?: number;
  /** Upper bound of a computed retry delay in ms (default 8000). */
  retryMaxDelayMs?: number;
  /** Longest Retry-After the SDK waits for in ms (default 60000); past it the error is returned. */
  maxRetryAfterMs?: number;
  /** "webcrypto" skips the node:crypto fast path, to test the portable path in Node. */
  cryptoBackend?: 'auto' | 'webcrypto';
}

export const kInternalOptions: unique symbol = Symbol('oichat.internalOptions');

export function readInternalOptions(config: unknown): InternalOptions {
  if (config === null || typeof config !== 'object') return {};
  const value = (config as { [kInternalOptions]?: InternalOptions })[kInternalOptions];
  return value ?? {};
}
