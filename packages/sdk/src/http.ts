/**
 * REST transport for /v1/me: Bearer auth, JSON bodies, a time limit per request, typed errors
 * from the server's error body, and one retry with a new token when the server says the token
 * is expired or invalid. `token_revoked` is final: the backend cut this user off on purpose
 * (the socket's 4003 means "stop" too), so the SDK does not fetch another token behind its back.
 */
import { OiChatError } from './errors.js';
import type { TokenManager } from './token.js';
import type { ErrorDetail, TokenRefreshReason } from './types.js';
import { sendBody, type UploadInit } from './upload.js';

export type Query = Record<string, string | number | undefined>;

export interface RequestInit {
  query?: Query | undefined;
  body?: unknown;
}

/** 401 codes after which a new token may help, and why we ask for it. */
const REFRESHABLE: Record<string, TokenRefreshReason> = {
  token_expired: 'expired',
  invalid_token: 'unauthorized',
  missing_token: 'unauthorized',
};

export interface HttpClientOptions {
  baseUrl: string;
  fetch: typeof fetch;
  tokens: TokenManager;
  timeoutMs: number;
}

export class HttpClient {
  readonly #baseUrl: string;

  constructor(private readonly opts: HttpClientOptions) {
    this.#baseUrl = opts.baseUrl.replace(/\/+$/, '');
  }

  async request<T>(method: string, path: string, init: RequestInit = {}): Promise<T> {
    const url = this.#url(path, init.query);
    let token = await this.opts.tokens.get();
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.#once<T>(method, url, token, init.body);
      } catch (err) {
        const reason = err instanceof OiChatError && err.status === 401 ? REFRESHABLE[err.code] : undefined;
        if (reason === undefined || attempt > 0 || !this.opts.tokens.hasProvider) throw err;
        token = await this.opts.tokens.refresh(reason, token);
      }
    }
  }

  async #once<T>(method: string, url: string, token: string, body: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json', authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.opts.timeoutMs);
    try {
      let response: Response;
      try {
        response = await this.opts.fetch(url, {
          method,
          headers,
          body: body === undefined ? null : JSON.stringify(body),
          signal: controller.signal,
        });
      } catch (err) {
        // fetch rejects only when no HTTP answer came (DNS, refused, reset, CORS, abort).
        throw timedOut
          ? new OiChatError({
              status: 0,
              code: 'timeout',
              message: `${method} ${url} got no answer within ${this.opts.timeoutMs} ms.`,
              cause: err,
            })
          : new OiChatError({
              status: 0,
              code: 'network_error',
              message: `${method} ${url} failed: ${(err as Error)?.message ?? String(err)}`,
              cause: err,
            });
      }
      const text = await response.text().catch((err: unknown) => {
        throw new OiChatError({
          status: 0,
          code: timedOut ? 'timeout' : 'network_error',
          message: `Reading the answer to ${method} ${url} failed.`,
          cause: err,
        });
      });
      if (response.ok) {
        try {
          return (text === '' ? undefined : JSON.parse(text)) as T;
        } catch (err) {
          throw new OiChatError({
            status: response.status,
            code: 'invalid_response',
            message: `${method} ${url} answered ${response.status} with a body that is not JSON.`,
            cause: err,
          });
        }
      }
      throw errorFrom(response, text);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Sends `body` as the raw request body (an upload), with the same token handling as request().
   * In a browser through XMLHttpRequest, for upload progress; elsewhere through fetch. The time
   * limit counts from the last progress: a slow link that keeps moving is not cut off.
   */
  async upload<T>(path: string, init: UploadInit): Promise<T> {
    const url = this.#url(path, init.query);
    let token = await this.opts.tokens.get();
    for (let attempt = 0; ; attempt++) {
      try {
        const { status, text, headers } = await sendBody(this.opts.fetch, url, token, init, this.opts.timeoutMs);
        if (status >= 200 && status < 300) return JSON.parse(text) as T;
        throw errorFrom(new Response(text, { status, headers }), text);
      } catch (err) {
        const reason = err instanceof OiChatError && err.status === 401 ? REFRESHABLE[err.code] : undefined;
        if (reason === undefined || attempt > 0 || !this.opts.tokens.hasProvider) throw err;
        token = await this.opts.tokens.refresh(reason, token);
      }
    }
  }

  #url(path: string, query: Query | undefined): string {
    let url = this.#baseUrl + path;
    if (query) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
      const qs = params.toString();
      if (qs) url += `?${qs}`;
    }
    return url;
  }
}

export function errorFrom(response: Response, text: string): OiChatError {
  let body: { error?: { code?: unknown; message?: unknown; request_id?: unknown; details?: unknown } } | undefined;
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    body = undefined;
  }
  const e = body?.error;
  const retryAfter = Number(response.headers.get('retry-after'));
  return new OiChatError({
    status: response.status,
    // A proxy's HTML 502 has no OiChat body: the status still tells what kind of failure it was.
    code: typeof e?.code === 'string' ? e.code : `http_${response.status}`,
    message: typeof e?.message === 'string' ? e.message : `HTTP ${response.status} ${response.statusText}`.trim(),
    requestId: typeof e?.request_id === 'string' ? e.request_id : (response.headers.get('x-request-id') ?? undefined),
    details: Array.isArray(e?.details) ? (e.details as ErrorDetail[]) : undefined,
    retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined,
  });
}
