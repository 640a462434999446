/**
 * A minimal backend client for tests, written from docs/http-api.md alone (not from the server's
 * signing code), so the tests also check that the documented scheme is the one the server runs.
 */
import { createHash, createHmac, randomUUID } from 'node:crypto';

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
  nonce?: string;
  signature?: string;
  /** Sign the deprecated way (v1: no nonce, no Idempotency-Key), as SDKs before v2 do. */
  signatureVersion?: 'v1' | 'v2';
  omit?: string[];
}

export interface CallResult<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** Signature version 1 (deprecated): no nonce, no Idempotency-Key. */
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

/** Signature version 2, as docs/http-api.md writes it out. */
export function signV2(
  secret: string,
  parts: {
    timestamp: string;
    nonce: string;
    method: string;
    pathWithQuery: string;
    idempotencyKey?: string;
    body: string;
  },
): string {
  const bodyHash = createHash('sha256').update(parts.body).digest('hex');
  const { timestamp, nonce, method, pathWithQuery, idempotencyKey = '' } = parts;
  const toSign = ['v2', timestamp, nonce, method, pathWithQuery, idempotencyKey, bodyHash].join('\n');
  return 'v2=' + createHmac('sha256', secret).update(toSign).digest('hex');
}

export class SignedClient {
  constructor(
    readonly baseUrl: string,
    readonly credentials: Credentials,
  ) {}

  async call<T = any>(method: string, path: string, opts: CallOptions = {}): Promise<CallResult<T>> {
    const body = opts.rawBody ?? (opts.body === undefined ? '' : JSON.stringify(opts.body));
    const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000).toString();
    const v1 = opts.signatureVersion === 'v1';
    const nonce = opts.nonce ?? randomUUID();
    const secret = this.credentials.secret_key;
    const idempotencyKey = opts.idempotencyKey;
    const headers: Record<string, string> = {
      'x-oichat-project-id': this.credentials.project_id,
      'x-oichat-api-key': this.credentials.api_key,
      'x-oichat-timestamp': timestamp,
      ...(!v1 && { 'x-oichat-nonce': nonce }),
      'x-oichat-signature':
        opts.signature ??
        (v1
          ? signDocumented(secret, timestamp, method, path, body)
          : signV2(secret, {
              timestamp,
              nonce,
              method,
              pathWithQuery: path,
              body,
              ...(idempotencyKey && { idempotencyKey }),
            })),
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
