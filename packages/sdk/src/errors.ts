/**
 * The one error class the SDK throws and emits. REST failures carry the server's error body
 * (`status`, `code`, `message`, `requestId`, `details`); failures without an HTTP answer use
 * status 0 and an SDK code (`network_error`, `timeout`, `client_closed`, …), so one
 * `instanceof OiChatError` plus a switch on `code` covers everything.
 */
import type { ErrorDetail } from './types.js';

export interface OiChatErrorInit {
  /** HTTP status; 0 when there was no HTTP answer (network, timeout, socket close). */
  status: number;
  code: string;
  message: string;
  requestId?: string | undefined;
  details?: ErrorDetail[] | undefined;
  /** From `Retry-After` on a 429. */
  retryAfterMs?: number | undefined;
  /** The WebSocket close code, for errors that end a connection. */
  closeCode?: number | undefined;
  cause?: unknown;
}

export class OiChatError extends Error {
  readonly status: number;
  /** Stable machine-readable code, e.g. `room_not_found`, `token_revoked`, `network_error`. */
  readonly code: string;
  /** `X-Request-Id` of the failed response (or `request_id` of its body), for support and logs. */
  readonly requestId: string | undefined;
  readonly details: ErrorDetail[] | undefined;
  readonly retryAfterMs: number | undefined;
  readonly closeCode: number | undefined;

  constructor(init: OiChatErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'OiChatError';
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId;
    this.details = init.details;
    this.retryAfterMs = init.retryAfterMs;
    this.closeCode = init.closeCode;
  }

  /**
   * Whether the same request may succeed later: no answer at all, 5xx, 429, or a tokenProvider
   * that failed. These are the failures a queued send waits out; any other 4xx is final.
   */
  get retryable(): boolean {
    // A failing tokenProvider usually means the app's own backend is unreachable: transient too.
    if (this.status === 0)
      return this.code === 'network_error' || this.code === 'timeout' || this.code === 'token_provider_failed';
    return this.status >= 500 || this.status === 429;
  }
}
