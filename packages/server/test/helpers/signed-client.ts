/**
 * A minimal backend client for tests, written from docs/http-api.md alone (not from the server's
 * signing code), so the tests also check that the documented scheme is the one the server runs.
 */
import { createHash, createHmac } from 'node:crypto';

export interface Credentials {
  project_id: string;
  api_key: string;
  secret_key: string;
}

export interface CallOptions {
  body?: unknown;
  /** Sent as is instead of JSON.stringify(body). */
  rawBody?: string;
  headers?: Record<string, string>;
  idempotencyKey?: string;
  /** Override parts of the signature for negative tests. */
  timestamp?: string;
  signature?: string;
  omit?: string[];
}

export interface CallResult<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export function signDocumented(
  secret: string,
  timestamp: string,
  method: string,
  pathWithQuery: string,
  body: string,
): string {
  const bodyHash = createHash('sha256').update(body).digest('hex');
  const toSign = ['v1', timestamp, method, pathWithQuery, bodyHash].join('\n');
  return 'v1=' + createHmac('sha256', secret).update(toSign).digest('hex');
}

export class SignedClient {
  constructor(
    readonly baseUrl: string,
    readonly credentials: Credentials,
  ) {}

  async call<T = any>(method: string, path: string, opts: CallOptions = {}): Promise<CallResult<T>> {
    const body = opts.rawBody ?? (opts.body === undefined ? '' : JSON.stringify(opts.body));
    const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000).toString();
    const headers: Record<string, string> = {
      'x-oichat-project-id': this.credentials.project_id,
      'x-oichat-api-key': this.credentials.api_key,
      'x-oichat-timestamp': timestamp,
      'x-oichat-signature':
        opts.signature ?? signDocumented(this.credentials.secret_key, timestamp, method, path, body),
      ...(body !== '' && { 'content-type': 'application/json' }),
      ...(opts.idempotencyKey !== undefined && { 'idempotency-key': opts.idempotencyKey }),
      ...opts.headers,
    };
    for (const name of opts.omit ?? []) delete headers[name];
    const res = await fetch(this.baseUrl + path, { method, headers, ...(body !== '' && { body }) });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text === '' ? null : JSON.parse(text) };
  }

  get = <T = any>(path: string, opts?: CallOptions) => this.call<T>('GET', path, opts);
  post = <T = any>(path: string, body?: unknown, opts?: CallOptions) => this.call<T>('POST', path, { ...opts, body });
  patch = <T = any>(path: string, body?: unknown, opts?: CallOptions) => this.call<T>('PATCH', path, { ...opts, body });
  delete = <T = any>(path: string, opts?: CallOptions) => this.call<T>('DELETE', path, opts);
}
