// Request signing (docs/http-api.md, "Authentication"), signature version 2: HMAC-SHA256 over
// "v2\n<timestamp>\n<nonce>\n<METHOD>\n<path-with-query>\n<idempotency-key or empty>\n<sha256(body)>",
// sent as "v2=<hex>" with the nonce in X-OiChat-Nonce. The server accepts each signature once, so
// every attempt (retries too) is signed anew with a new nonce.
//
// Web Crypto is the baseline, so the same code runs in Node, Deno, Bun and edge runtimes. Where
// the runtime hands out node:crypto synchronously (process.getBuiltinModule: Node >= 20.16/22.3,
// Bun, Deno), that is used instead: in Node every Web Crypto call is a thread-pool round trip of
// ~0.1 ms, a tenth of a local request, while createHmac takes microseconds. Both give the same
// bytes (tested). No static import of node:crypto anywhere, so bundlers for browsers and edge
// runtimes never see it. The secret lives only in the signer's closure, and once imported only
// inside a key object (CryptoKey, non-extractable; or KeyObject) that does not print its material.

/** The parts of Web Crypto the SDK needs; structurally matches globalThis.crypto. */
export interface WebCryptoLike {
  subtle: SubtleCrypto;
  randomUUID(): string;
}

let fallbackCrypto: Promise<WebCryptoLike> | undefined;

/**
 * Web Crypto of this runtime. Node 18 exposes it only as `require("node:crypto").webcrypto`
 * (the global arrived in Node 19), so that module is loaded lazily there and nowhere else.
 */
export function getWebCrypto(): WebCryptoLike | Promise<WebCryptoLike> {
  const global = (globalThis as { crypto?: Partial<WebCryptoLike> }).crypto;
  if (global?.subtle && typeof global.randomUUID === 'function') return global as WebCryptoLike;
  // A non-literal specifier keeps bundlers for browsers and edge runtimes from trying to
  // resolve a Node built-in that those runtimes never reach this line for.
  const nodeCrypto = 'node:crypto';
  fallbackCrypto ??= (import(nodeCrypto) as Promise<{ webcrypto?: WebCryptoLike }>).then((m) => {
    if (!m.webcrypto?.subtle) throw new Error('OiChat: this runtime has no Web Crypto API (crypto.subtle)');
    return m.webcrypto;
  });
  return fallbackCrypto;
}

const encoder = new TextEncoder();
const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function toHex(buffer: ArrayBuffer): string {
  const bytes = new Uint8Array(buffer);
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i]!];
  return out;
}

/** SHA-256 of the empty string: the body hash of every request without a body. */
export const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** The synchronous subset of node:crypto the fast path uses. */
interface NodeCryptoLike {
  createHash(algorithm: 'sha256'): {
    update(data: string | Uint8Array, encoding?: 'utf8'): { digest(encoding: 'hex'): string };
  };
  createHmac(
    algorithm: 'sha256',
    key: unknown,
  ): { update(data: string, encoding: 'utf8'): { digest(encoding: 'hex'): string } };
  createSecretKey(key: Uint8Array): unknown;
}

/** node:crypto when the runtime offers it without an import, else undefined (browsers, edge runtimes, Node < 20.16). */
export function getNodeCrypto(): NodeCryptoLike | undefined {
  try {
    const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
    const mod = proc?.getBuiltinModule?.('node:crypto') as Partial<NodeCryptoLike> | undefined;
    if (
      typeof mod?.createHmac === 'function' &&
      typeof mod.createHash === 'function' &&
      typeof mod.createSecretKey === 'function'
    ) {
      return mod as NodeCryptoLike;
    }
  } catch {
    // a runtime that has the function but refuses the module: use Web Crypto
  }
  return undefined;
}

export type CryptoBackend = 'auto' | 'webcrypto';

export function sha256Hex(body: string | Uint8Array, backend: CryptoBackend = 'auto'): string | Promise<string> {
  if (body.length === 0) return EMPTY_BODY_SHA256;
  const node = backend === 'auto' ? getNodeCrypto() : undefined;
  if (node) {
    return typeof body === 'string'
      ? node.createHash('sha256').update(body, 'utf8').digest('hex')
      : node.createHash('sha256').update(body).digest('hex');
  }
  return (async () => {
    const crypto = await getWebCrypto();
    const bytes = typeof body === 'string' ? encoder.encode(body) : body;
    return toHex(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  })();
}

export interface SignInput {
  /** Unix time in whole seconds, as sent in X-OiChat-Timestamp. */
  timestamp: string;
  /** As sent in X-OiChat-Nonce: new for every attempt. */
  nonce: string;
  method: string;
  /** The request target exactly as sent: path plus query string. */
  pathWithQuery: string;
  /** The Idempotency-Key header as sent; undefined when there is none. */
  idempotencyKey?: string | undefined;
  /** Lowercase hex SHA-256 of the raw body bytes. */
  bodySha256: string;
}

export const SIGNATURE_VERSION = 'v2';

export function stringToSign(input: SignInput): string {
  return [
    SIGNATURE_VERSION,
    input.timestamp,
    input.nonce,
    input.method.toUpperCase(),
    input.pathWithQuery,
    input.idempotencyKey ?? '',
    input.bodySha256,
  ].join('\n');
}

/** Returns the X-OiChat-Signature value ("v2=" + hex HMAC) of one request. */
export type Signer = (input: SignInput) => string | Promise<string>;

export function createSigner(secretKey: string, backend: CryptoBackend = 'auto'): Signer {
  const node = backend === 'auto' ? getNodeCrypto() : undefined;
  if (node) {
    const key = node.createSecretKey(encoder.encode(secretKey));
    return (input) => 'v2=' + node.createHmac('sha256', key).update(stringToSign(input), 'utf8').digest('hex');
  }

  let secret: string | undefined = secretKey;
  let key: Promise<CryptoKey> | undefined;
  const importKey = async (): Promise<CryptoKey> => {
    const crypto = await getWebCrypto();
    const imported = await crypto.subtle.importKey(
      'raw',
      encoder.encode(secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    );
    // Once it sits in a non-extractable key, the plain string is not needed any more.
    secret = undefined;
    return imported;
  };

  return async (input) => {
    key ??= importKey().catch((err: unknown) => {
      key = undefined; // a failed import may succeed on the next call
      throw err;
    });
    const crypto = await getWebCrypto();
    const mac = await crypto.subtle.sign('HMAC', await key, encoder.encode(stringToSign(input)));
    return 'v2=' + toHex(mac);
  };
}
