// The one way the SDK talks to the server: builds the URL, signs each attempt, sends it with a
// per-attempt timeout, retries what is safe to retry, and turns every failure into an OiChatError.
//
// Retry policy (docs/http-api.md): network errors, timeouts, 408, 429, 5xx and
// 409 idempotency_in_progress are retried, with exponential backoff (0.5 s, 1 s, 2 s, … capped at
// 8 s, minus up to 25 % jitter so that clients that failed together do not come back together),
// or exactly the server's Retry-After when it sends one. A POST keeps the same Idempotency-Key
// across its attempts, so a retried POST whose first attempt did reach the server is replayed by
// the server instead of applied twice. No other 4xx is retried: resending it cannot change the answer.

import { resolveRequestOptions, type ResolvedConfig } from './config.js';
import { OiChatApiError, OiChatNetworkError, OiChatServerError } from './errors.js';
import type { InternalOptions } from './internal.js';
import { createSigner, getWebCrypto, sha256Hex, type CryptoBackend, type Signer } from './signing.js';
import type { ErrorDetail, RequestOptions } from '../types.js';
import { VERSION } from '../version.js';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export type QueryScalar = string | number | boolean | null | undefined;
/** A list is sent as the parameter repeated (`metadata=a&metadata=b`), the form the API reads. */
export type QueryValue = QueryScalar | readonly QueryScalar[];

export interface APIRequest {
  method: HttpMethod;
  /** Path below the base URL, starting with "/v1/"; path parameters already encoded. */
  path: string;
  query?: Record<string, QueryValue> | undefined;
  body?: unknown;
  /** Bytes sent as they are instead of a JSON body (uploads); signed over their SHA-256 like any body. */
  rawBody?: { bytes: Uint8Array; contentType: string } | undefined;
  options?: RequestOptions | undefined;
}

const DEFAULT_RETRY_BASE_DELAY_MS = 500;
const DEFAULT_RETRY_MAX_DELAY_MS = 8_000;
// A Retry-After longer than this is more likely a maintenance window than a blip: waiting inside
// one call would look like a hang, so the error goes back to the caller instead.
const DEFAULT_MAX_RETRY_AFTER_MS = 60_000;
const USER_AGENT = `oichat-server-sdk/${VERSION}`;

/** Delay before retry number `retry` (0 for the first retry), without Retry-After. */
export function computeBackoff(
  retry: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(baseMs * 2 ** retry, maxMs);
  return exponential * (1 - 0.25 * random());
}

/** Retry-After in ms, from either of its forms (delta-seconds or HTTP-date); undefined if absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  // Date.parse reads "-1" as the year -1: an HTTP-date always names its weekday and month.
  if (!/[a-z]/i.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

interface ServerErrorBody {
  code?: unknown;
  message?: unknown;
  request_id?: unknown;
  details?: unknown;
}

/** The `error` object of an OiChat error body, or undefined when the body is something else (e.g. a proxy's page). */
function parseErrorBody(text: string): ServerErrorBody | undefined {
  if (text === '') return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed !== null && typeof parsed === 'object' && 'error' in parsed) {
      const error = (parsed as { error: unknown }).error;
      if (error !== null && typeof error === 'object') return error as ServerErrorBody;
    }
  } catch {
    // not JSON: fall through
  }
  return undefined;
}

function isRetryableStatus(status: number, errorCode: unknown): boolean {
  return (
    status === 408 || status === 429 || status >= 500 || (status === 409 && errorCode === 'idempotency_in_progress')
  );
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/** setTimeout as a promise that the caller's signal cuts short. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal));
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortReason(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

type AttemptOutcome =
  | { kind: 'response'; response: Response; text: string }
  | { kind: 'network'; error: unknown; timedOut: boolean };

export class Transport {
  readonly #config: Omit<ResolvedConfig, 'secretKey'>;
  readonly #sign: Signer;
  readonly #retryBaseDelayMs: number;
  readonly #retryMaxDelayMs: number;
  readonly #maxRetryAfterMs: number;
  readonly #cryptoBackend: CryptoBackend;
  readonly #origin: string;
  readonly #basePath: string;

  constructor(config: ResolvedConfig, internal: InternalOptions = {}) {
    // The secret goes into the signer's closure and nowhere else on this object.
    const { secretKey, ...publicConfig } = config;
    this.#config = publicConfig;
    const base = new URL(config.baseUrl);
    this.#origin = base.origin;
    this.#basePath = base.pathname.replace(/\/+$/, '');
    this.#cryptoBackend = internal.cryptoBackend ?? 'auto';
    this.#sign = createSigner(secretKey, this.#cryptoBackend);
    this.#retryBaseDelayMs = internal.retryBaseDelayMs ?? DEFAULT_RETRY_BASE_DELAY_MS;
    this.#retryMaxDelayMs = internal.retryMaxDelayMs ?? DEFAULT_RETRY_MAX_DELAY_MS;
    this.#maxRetryAfterMs = internal.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
  }

  async request<T>(req: APIRequest): Promise<T> {
    const options = resolveRequestOptions(req.options, this.#config);
    const { signal } = options;
    if (signal?.aborted) throw abortReason(signal);

    // Signed exactly as fetch sends it. Path parameters arrive through encodeURIComponent and
    // the query through URLSearchParams, whose output the URL parser leaves as it is, so the
    // target needs no re-parsing (tested with ids full of reserved and non-ASCII characters).
    const path = this.#basePath + req.path;
    const pathWithQuery = path + this.#queryString(req.query);
    const url = this.#origin + pathWithQuery;
    const bodyText: string | Uint8Array = req.rawBody
      ? req.rawBody.bytes
      : req.body === undefined
        ? ''
        : JSON.stringify(req.body);
    const bodySha256 = await sha256Hex(bodyText, this.#cryptoBackend);
    const label = `${req.method} ${path}`;

    const headers: Record<string, string> = {
      Accept: 'application/json',
      'User-Agent': USER_AGENT,
      'X-OiChat-Project-Id': this.#config.projectId,
      'X-OiChat-Api-Key': this.#config.apiKey,
    };
    if (req.rawBody) headers['Content-Type'] = req.rawBody.contentType;
    else if (bodyText !== '') headers['Content-Type'] = 'application/json';
    if (req.method === 'POST') {
      // One key per call, not per attempt: that is what lets the server recognise a retry.
      headers['Idempotency-Key'] = options.idempotencyKey ?? (await getWebCrypto()).randomUUID();
    }

    const idempotencyKey = headers['Idempotency-Key'];
    const crypto = await getWebCrypto();
    for (let attempt = 0; ; attempt++) {
      // Each attempt is signed anew: the server accepts a signature once, and the nonce makes this
      // one unique even when the timestamp and everything else repeat.
      const timestamp = Math.floor(Date.now() / 1000).toString();
      const nonce = crypto.randomUUID();
      headers['X-OiChat-Timestamp'] = timestamp;
      headers['X-OiChat-Nonce'] = nonce;
      headers['X-OiChat-Signature'] = await this.#sign({
        timestamp,
        nonce,
        method: req.method,
        pathWithQuery,
        idempotencyKey,
        bodySha256,
      });

      const outcome = await this.#attempt(url, req.method, headers, bodyText, options.timeout, signal);
      const canRetry = attempt < options.maxRetries;

      if (outcome.kind === 'network') {
        if (canRetry) {
          await sleep(this.#backoff(attempt), signal);
          continue;
        }
        const attempts = attempt + 1;
        const what = outcome.timedOut
          ? `timed out after ${options.timeout} ms`
          : `failed: ${describeNetworkError(outcome.error)}`;
        // The full URL: a wrong or missing baseUrl (requests went to the hosted service) shows at once.
        const target = this.#origin + path;
        throw new OiChatNetworkError(
          `${req.method} ${target} ${what} (${attempts} attempt${attempts === 1 ? '' : 's'})`,
          {
            cause: outcome.error,
            timedOut: outcome.timedOut,
            method: req.method,
            url: target,
          },
        );
      }

      const { response, text } = outcome;
      const status = response.status;
      const requestId = response.headers.get('x-request-id') ?? undefined;

      if (status >= 200 && status < 300) {
        if (status === 204 || text === '') return undefined as T;
        try {
          return JSON.parse(text) as T;
        } catch {
          throw new OiChatServerError({
            statusCode: status,
            errorCode: 'invalid_response',
            message: `${label} answered ${status} with a body that is not JSON`,
            requestId,
          });
        }
      }

      const error = parseErrorBody(text);
      if (canRetry && isRetryableStatus(status, error?.code)) {
        const delay = this.#retryDelay(attempt, response.headers.get('retry-after'));
        if (delay !== undefined) {
          await sleep(delay, signal);
          continue;
        }
      }
      throw makeHttpError(status, error, text, requestId, label);
    }
  }

  async #attempt(
    url: string,
    method: HttpMethod,
    headers: Record<string, string>,
    bodyText: string | Uint8Array,
    timeout: number,
    signal: AbortSignal | undefined,
  ): Promise<AttemptOutcome> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new DOMException(`Request timed out after ${timeout} ms`, 'TimeoutError'));
    }, timeout);
    const onAbort = (): void => controller.abort(abortReason(signal!));
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const response = await fetch(url, {
        method,
        headers,
        body: bodyText.length === 0 ? undefined : (bodyText as string | Uint8Array<ArrayBuffer>),
        signal: controller.signal,
        // A redirect would be followed with headers signed for the old target; report it instead.
        redirect: 'manual',
      });
      // Read inside the timer: a server that sends headers and then stalls must time out too.
      const text = await response.text();
      return { kind: 'response', response, text };
    } catch (error) {
      if (signal?.aborted) throw abortReason(signal);
      return { kind: 'network', error, timedOut };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  #backoff(retry: number): number {
    return computeBackoff(retry, this.#retryBaseDelayMs, this.#retryMaxDelayMs);
  }

  /** Delay before the next attempt, or undefined when the server asked for a wait too long to sit through. */
  #retryDelay(retry: number, retryAfterHeader: string | null): number | undefined {
    const retryAfter = parseRetryAfter(retryAfterHeader);
    if (retryAfter === undefined) return this.#backoff(retry);
    return retryAfter <= this.#maxRetryAfterMs ? retryAfter : undefined;
  }

  #queryString(query: Record<string, QueryValue> | undefined): string {
    if (!query) return '';
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) {
      for (const item of Array.isArray(value) ? value : [value])
        if (item !== undefined && item !== null) params.append(name, String(item));
    }
    const qs = params.toString();
    return qs ? '?' + qs : '';
  }
}

function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // undici reports "fetch failed" and puts the useful part (ECONNREFUSED, "other side closed") in cause.
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof Error && cause.message) return `${error.message} (${cause.message})`;
  return error.message;
}

function makeHttpError(
  status: number,
  error: ServerErrorBody | undefined,
  text: string,
  headerRequestId: string | undefined,
  label: string,
): OiChatApiError | OiChatServerError {
  const errorCode = typeof error?.code === 'string' ? error.code : `http_${status}`;
  const message =
    typeof error?.message === 'string'
      ? error.message
      : `${label} answered HTTP ${status}${text ? `: ${text.slice(0, 200)}` : ''}`;
  const requestId = typeof error?.request_id === 'string' ? error.request_id : headerRequestId;
  const details = Array.isArray(error?.details) ? (error.details as ErrorDetail[]) : undefined;
  const init = { statusCode: status, errorCode, message, requestId, details };
  return status >= 500 ? new OiChatServerError(init) : new OiChatApiError(init);
}
