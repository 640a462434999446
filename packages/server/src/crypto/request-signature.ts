/**
 * The backend request signature (docs/http-api.md, "Authentication"): HMAC-SHA256 with the
 * secret key over, in version 2,
 * `v2\n<timestamp>\n<nonce>\n<METHOD>\n<path-with-query>\n<idempotency-key>\n<sha256(body)>`;
 * version 1 (deprecated) signed `v1\n<timestamp>\n<METHOD>\n<path-with-query>\n<sha256(body)>`.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export type SignatureVersion = 'v1' | 'v2';
export const SIGNATURE_VERSION: SignatureVersion = 'v2';
export const MAX_CLOCK_SKEW_SECONDS = 300;
/**
 * How long an accepted signature is remembered to refuse it again: a timestamp up to the skew
 * ahead of the server's clock stays acceptable until the skew behind it.
 */
export const REPLAY_WINDOW_SECONDS = 2 * MAX_CLOCK_SKEW_SECONDS;
export const NONCE_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

export interface SignedParts {
  /** v2 unless given. */
  version?: SignatureVersion;
  timestamp: string;
  /** The X-OiChat-Nonce value (v2). */
  nonce?: string;
  method: string;
  pathWithQuery: string;
  /** The Idempotency-Key header as sent, if any (v2). */
  idempotencyKey?: string | undefined;
  body: Buffer | string;
  /** sha256(body) in hex, when it was counted as the body streamed in (`body` is then ignored). */
  bodySha256?: string | undefined;
}

export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

export function stringToSign(parts: SignedParts): string {
  const method = parts.method.toUpperCase();
  const bodyHash = parts.bodySha256 ?? sha256Hex(parts.body);
  if (parts.version === 'v1') return ['v1', parts.timestamp, method, parts.pathWithQuery, bodyHash].join('\n');
  return [
    'v2',
    parts.timestamp,
    parts.nonce ?? '',
    method,
    parts.pathWithQuery,
    parts.idempotencyKey ?? '',
    bodyHash,
  ].join('\n');
}

export function sign(secretKey: string, parts: SignedParts): string {
  const version = parts.version ?? SIGNATURE_VERSION;
  return `${version}=${createHmac('sha256', secretKey).update(stringToSign(parts)).digest('hex')}`;
}

/** Constant-time: the comparison never stops at the first differing byte. */
export function signatureMatches(secretKey: string, parts: SignedParts, presented: string): boolean {
  const expected = Buffer.from(sign(secretKey, parts));
  const given = Buffer.from(presented);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
