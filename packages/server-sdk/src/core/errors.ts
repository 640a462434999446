// The SDK's error classes. Everything the SDK throws on its own account extends OiChatError,
// so one `instanceof` catches it all; the subclass tells what went wrong and whether retrying
// later can help. None of them ever holds request headers, so no credential can leak through
// an error's message, fields, toString() or a logger that serialises it.

import type { ErrorDetail } from '../types.js';

export class OiChatError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The client configuration is missing a field or a field is malformed (thrown by `new OiChat`). */
export class OiChatConfigError extends OiChatError {
  /** Name of the offending option, e.g. `"secretKey"`. */
  readonly field: string;

  constructor(field: string, message: string) {
    super(message);
    this.field = field;
  }
}

interface HttpErrorInit {
  statusCode: number;
  errorCode: string;
  message: string;
  requestId?: string | undefined;
  details?: ErrorDetail[] | undefined;
}

/** 4xx: the server refused the request; see `errorCode`. Retrying the same request will not help (except 408/409 in progress/429, which the SDK already retried). */
export class OiChatApiError extends OiChatError {
  readonly statusCode: number;
  /** Stable machine-readable code, e.g. `room_not_found`; `http_<status>` when the body was not an OiChat error. */
  readonly errorCode: string;
  /** `X-Request-Id` of the failed response, for support and logs. */
  readonly requestId: string | undefined;
  /** Per-field causes of a `validation_failed` error. */
  readonly details: ErrorDetail[] | undefined;

  constructor(init: HttpErrorInit) {
    super(init.message);
    this.statusCode = init.statusCode;
    this.errorCode = init.errorCode;
    this.requestId = init.requestId;
    this.details = init.details;
  }
}

/** 5xx, after the SDK's retries were exhausted (or a 2xx whose body could not be read as JSON). */
export class OiChatServerError extends OiChatError {
  readonly statusCode: number;
  readonly errorCode: string;
  readonly requestId: string | undefined;
  readonly details: ErrorDetail[] | undefined;

  constructor(init: HttpErrorInit) {
    super(init.message);
    this.statusCode = init.statusCode;
    this.errorCode = init.errorCode;
    this.requestId = init.requestId;
    this.details = init.details;
  }
}

/** The server could not be reached or did not answer in time, after the SDK's retries. `cause` holds the underlying error. */
export class OiChatNetworkError extends OiChatError {
  /** `true` when the last attempt hit the `timeout`. */
  readonly timedOut: boolean;
  /** The method of the request that failed, e.g. `POST`. */
  readonly method: string | undefined;
  /** The URL it was sent to (without the query), e.g. `https://chat.example.com/v1/auth/token`. */
  readonly url: string | undefined;

  constructor(message: string, options: { cause?: unknown; timedOut?: boolean; method?: string; url?: string }) {
    super(message, { cause: options.cause });
    this.timedOut = options.timedOut ?? false;
    this.method = options.method;
    this.url = options.url;
  }
}

/** Why `webhooks.verify` refused a delivery. */
export type WebhookVerificationFailure =
  | 'missing_header'
  | 'invalid_timestamp'
  | 'timestamp_too_old'
  | 'timestamp_too_new'
  | 'invalid_signature'
  | 'malformed_secret'
  | 'malformed_payload';

/** A webhook delivery is not authentic, not fresh, or not well formed: answer it with 4xx and do not act on it. */
export class OiChatWebhookVerificationError extends OiChatError {
  readonly reason: WebhookVerificationFailure;

  constructor(reason: WebhookVerificationFailure, message: string) {
    super(message);
    this.reason = reason;
  }
}
