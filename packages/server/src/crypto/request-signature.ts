/**
 * The backend request signature (docs/http-api.md, "Authentication"): HMAC-SHA256 with the
 * secret key over `v1\n<timestamp>\n<METHOD>\n<path-with-query>\n<sha256(body)>`.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_VERSION = 'v1';
export const MAX_CLOCK_SKEW_SECONDS = 300;

export interface SignedParts {
  timestamp: string;
  method: string;
  pathWithQuery: string;
  body: Buffer | string;
}

export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

export function stringToSign(parts: SignedParts): string {
  return [
    SIGNATURE_VERSION,
    parts.timestamp,
    parts.method.toUpperCase(),
    parts.pathWithQuery,
    sha256Hex(parts.body),
  ].join('\n');
}

export function sign(secretKey: string, parts: SignedParts): string {
  return `${SIGNATURE_VERSION}=${createHmac('sha256', secretKey).update(stringToSign(parts)).digest('hex')}`;
}

/** Constant-time: the comparison never stops at the first differing byte. */
export function signatureMatches(secretKey: string, parts: SignedParts, presented: string): boolean {
  const expected = Buffer.from(sign(secretKey, parts));
  const given = Buffer.from(presented);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
