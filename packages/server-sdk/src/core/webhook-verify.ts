// Verifying webhook deliveries per the Standard Webhooks specification: the signature is a base64
// HMAC-SHA256, keyed with the bytes of the `whsec_` secret, over "<webhook-id>.<webhook-timestamp>.<body>";
// `webhook-signature` may list several ("v1,<sig> v1,<sig>", during a secret rotation). Web Crypto
// only (subtle.verify compares in constant time), so it runs in Node, Deno, Bun and edge runtimes.

import { OiChatWebhookVerificationError } from './errors.js';
import { getWebCrypto } from './signing.js';
import type { VerifyWebhookOptions, WebhookEvent, WebhookHeaders } from '../types.js';

const DEFAULT_TOLERANCE_SECONDS = 300;
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

function header(headers: WebhookHeaders, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const record = headers as Record<string, string | string[] | undefined>;
  const value = record[name] ?? Object.entries(record).find(([k]) => k.toLowerCase() === name)?.[1];
  return Array.isArray(value) ? value[0] : value;
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return null;
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function keyBytes(secret: string): Uint8Array<ArrayBuffer> {
  if (typeof secret !== 'string' || secret === '') {
    throw new OiChatWebhookVerificationError('malformed_secret', 'The webhook secret is missing.');
  }
  const bytes = fromBase64(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret);
  if (!bytes || bytes.length === 0) {
    throw new OiChatWebhookVerificationError(
      'malformed_secret',
      'The webhook secret is not "whsec_" followed by base64.',
    );
  }
  return bytes;
}

function bodyBytes(rawBody: string | Uint8Array | ArrayBuffer): Uint8Array {
  if (typeof rawBody === 'string') return encoder.encode(rawBody);
  if (rawBody instanceof Uint8Array) return rawBody;
  if (rawBody instanceof ArrayBuffer) return new Uint8Array(rawBody);
  throw new OiChatWebhookVerificationError(
    'malformed_payload',
    'rawBody must be the raw request body as a string or bytes (before JSON parsing).',
  );
}

/**
 * Checks a delivery's signature and timestamp and returns the event it carries. Throws
 * OiChatWebhookVerificationError (with a `reason`) for anything that is not a fresh, authentic
 * delivery signed with this secret.
 */
export async function verifyWebhook(
  rawBody: string | Uint8Array | ArrayBuffer,
  headers: WebhookHeaders,
  secret: string,
  options: VerifyWebhookOptions = {},
): Promise<WebhookEvent> {
  const id = header(headers, 'webhook-id');
  const timestamp = header(headers, 'webhook-timestamp');
  const signatures = header(headers, 'webhook-signature');
  if (!id || !timestamp || !signatures) {
    throw new OiChatWebhookVerificationError(
      'missing_header',
      'webhook-id, webhook-timestamp and webhook-signature headers are all required.',
    );
  }
  if (!/^\d{1,12}$/.test(timestamp)) {
    throw new OiChatWebhookVerificationError(
      'invalid_timestamp',
      'webhook-timestamp must be Unix time in whole seconds.',
    );
  }
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const age = now - Number(timestamp);
  if (age > tolerance)
    throw new OiChatWebhookVerificationError(
      'timestamp_too_old',
      'The delivery is older than the tolerance (a replay?).',
    );
  if (age < -tolerance)
    throw new OiChatWebhookVerificationError(
      'timestamp_too_new',
      "The delivery's timestamp is in the future beyond the tolerance.",
    );

  const body = bodyBytes(rawBody);
  const crypto = await getWebCrypto();
  const key = await crypto.subtle.importKey('raw', keyBytes(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'verify',
  ]);
  const prefix = encoder.encode(`${id}.${timestamp}.`);
  const signed = new Uint8Array(prefix.length + body.length);
  signed.set(prefix);
  signed.set(body, prefix.length);

  let matched = false;
  for (const candidate of signatures.split(' ')) {
    const [version, value] = candidate.split(',', 2);
    if (version !== 'v1' || !value) continue;
    const signature = fromBase64(value);
    // Check every candidate, not just until a match, so timing does not tell which one matched.
    if (signature && (await crypto.subtle.verify('HMAC', key, signature, signed))) matched = true;
  }
  if (!matched)
    throw new OiChatWebhookVerificationError('invalid_signature', 'No webhook-signature matches this body and secret.');

  let event: unknown;
  try {
    event = JSON.parse(decoder.decode(body));
  } catch {
    throw new OiChatWebhookVerificationError('malformed_payload', 'The signed body is not JSON.');
  }
  const e = event as Partial<WebhookEvent> | null;
  if (!e || typeof e !== 'object' || typeof e.type !== 'string' || e.id !== id || typeof e.data !== 'object') {
    throw new OiChatWebhookVerificationError(
      'malformed_payload',
      'The signed body is not an OiChat event for this webhook-id.',
    );
  }
  return e as WebhookEvent;
}
