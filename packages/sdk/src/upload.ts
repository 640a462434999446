/**
 * One upload attempt: the file as the raw body, through XMLHttpRequest where there is one (its
 * upload events are the only way a browser reports progress) and through fetch elsewhere. The
 * time limit restarts at every progress event, so a large file on a slow but moving link is not
 * cut off, and a stalled one is.
 */
import { OiChatError } from './errors.js';
import type { UploadProgress } from './types.js';

export interface UploadInit {
  query?: Record<string, string | number | undefined> | undefined;
  body: Blob | Uint8Array;
  contentType: string;
  onProgress?: ((progress: UploadProgress) => void) | undefined;
  signal?: AbortSignal | undefined;
}

export interface RawAnswer {
  status: number;
  text: string;
  headers: Record<string, string>;
}

interface XhrLike {
  open(method: string, url: string): void;
  setRequestHeader(name: string, value: string): void;
  send(body: unknown): void;
  abort(): void;
  getResponseHeader(name: string): string | null;
  readonly status: number;
  readonly responseText: string;
  upload: { onprogress: ((e: { loaded: number; total: number }) => void) | null };
  onload: (() => void) | null;
  onerror: (() => void) | null;
  onabort: (() => void) | null;
}

const sizeOf = (body: Blob | Uint8Array) => (body instanceof Uint8Array ? body.length : body.size);

function failure(code: 'timeout' | 'network_error' | 'aborted', url: string, idleMs: number, cause?: unknown) {
  const message =
    code === 'timeout'
      ? `POST ${url}: no progress for ${idleMs} ms.`
      : code === 'aborted'
        ? `POST ${url} was aborted.`
        : `POST ${url} failed: the connection broke.`;
  return new OiChatError({ status: 0, code, message, cause });
}

function viaXhr(Xhr: new () => XhrLike, url: string, token: string, init: UploadInit, idleMs: number) {
  return new Promise<RawAnswer>((resolve, reject) => {
    const xhr = new Xhr();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let done = false;
    const finish = (fn: () => void) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      init.signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        xhr.abort();
        finish(() => reject(failure('timeout', url, idleMs)));
      }, idleMs);
    };
    const onAbort = () => {
      xhr.abort();
      finish(() => reject(failure('aborted', url, idleMs, init.signal?.reason)));
    };
    xhr.open('POST', url);
    xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.setRequestHeader('content-type', init.contentType);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      arm();
      init.onProgress?.({ loaded: e.loaded, total: e.total || sizeOf(init.body) });
    };
    xhr.onload = () =>
      finish(() =>
        resolve({
          status: xhr.status,
          text: xhr.responseText,
          headers: Object.fromEntries(
            ['x-request-id', 'retry-after'].flatMap((h) => {
              const v = xhr.getResponseHeader(h);
              return v === null ? [] : [[h, v]];
            }),
          ),
        }),
      );
    xhr.onerror = () => finish(() => reject(failure('network_error', url, idleMs)));
    xhr.onabort = () => finish(() => reject(failure('aborted', url, idleMs)));
    if (init.signal?.aborted) return onAbort();
    init.signal?.addEventListener('abort', onAbort, { once: true });
    arm();
    xhr.send(init.body);
  });
}

async function viaFetch(fetchImpl: typeof fetch, url: string, token: string, init: UploadInit, idleMs: number) {
  const total = sizeOf(init.body);
  init.onProgress?.({ loaded: 0, total });
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, idleMs);
  const onAbort = () => controller.abort();
  init.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const response = await fetchImpl(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': init.contentType, accept: 'application/json' },
      body: init.body as BodyInit,
      signal: controller.signal,
    });
    const text = await response.text();
    init.onProgress?.({ loaded: total, total });
    return {
      status: response.status,
      text,
      headers: Object.fromEntries(
        ['x-request-id', 'retry-after'].flatMap((h) => {
          const v = response.headers.get(h);
          return v === null ? [] : [[h, v]];
        }),
      ),
    };
  } catch (err) {
    if (init.signal?.aborted) throw failure('aborted', url, idleMs, init.signal.reason);
    throw failure(timedOut ? 'timeout' : 'network_error', url, idleMs, err);
  } finally {
    clearTimeout(timer);
    init.signal?.removeEventListener('abort', onAbort);
  }
}

export function sendBody(
  fetchImpl: typeof fetch,
  url: string,
  token: string,
  init: UploadInit,
  idleMs: number,
): Promise<RawAnswer> {
  const Xhr = (globalThis as { XMLHttpRequest?: new () => XhrLike }).XMLHttpRequest;
  return Xhr ? viaXhr(Xhr, url, token, init, idleMs) : viaFetch(fetchImpl, url, token, init, idleMs);
}
