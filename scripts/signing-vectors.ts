// Writes spec/signing-vectors.json from the server's own signing code, or with --check confirms
// that the committed file still matches it. The file is the one statement of the request-signing
// and webhook-signature protocols that the server, the Node SDK and the Java SDK all test
// against, so a change to either protocol breaks all three suites at once (spec/README.md).
//
//   node scripts/signing-vectors.ts          # regenerate (then formatted with Biome)
//   node scripts/signing-vectors.ts --check  # exit 1 when the file differs from what the server computes
//
// Runs on Node >= 22 (type stripping), importing the server's TypeScript sources directly.

import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { fileURLToPath } from 'node:url';
import { sha256Hex, sign, stringToSign } from '../packages/server/src/crypto/request-signature.ts';
import { signWebhook, webhookHeaders } from '../packages/server/src/crypto/webhook-signature.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'spec/signing-vectors.json');
// An independent implementation of Standard Webhooks, to check the server's signatures against.
const { Webhook } = createRequire(import.meta.url)('standardwebhooks') as {
  Webhook: new (secret: string) => { verify(body: string, headers: Record<string, string>): unknown };
};

const TS = 1795602692; // 2026-11-25T09:51:32Z
const CREDENTIALS = {
  project_id: 'proj_vectors0000000000',
  api_key: 'ak_live_vectors00000000000000',
  secret_key: 'sk_YsGyXnmX1wXvhdxhChkdFSOzTfyZUCYP4ykqD02u',
};

interface RequestInput {
  name: string;
  method: string;
  path_with_query: string;
  body: string;
  idempotency_key: string | null;
  now?: number;
  /** v2 unless given; v1 is the deprecated scheme (no nonce, key not signed). */
  version?: 'v1' | 'v2';
  nonce?: string;
}

// Fixed nonces, so the file is the same on every run (an SDK makes a new random one per attempt).
let nonces = 0;
const nextNonce = () => `6f1c2b9e-8a47-4d3e-b5f0-${String(++nonces).padStart(12, '0')}`;

function requestVector(input: RequestInput) {
  const timestamp = String(TS);
  const version = input.version ?? 'v2';
  const nonce = version === 'v2' ? (input.nonce ?? nextNonce()) : null;
  const parts = {
    version,
    timestamp,
    ...(nonce !== null && { nonce }),
    method: input.method,
    pathWithQuery: input.path_with_query,
    idempotencyKey: input.idempotency_key ?? undefined,
    body: input.body,
  };
  const signature = sign(CREDENTIALS.secret_key, parts);
  const headers: Record<string, string> = {
    'X-OiChat-Project-Id': CREDENTIALS.project_id,
    'X-OiChat-Api-Key': CREDENTIALS.api_key,
    'X-OiChat-Timestamp': timestamp,
    ...(nonce !== null && { 'X-OiChat-Nonce': nonce }),
    'X-OiChat-Signature': signature,
  };
  if (input.idempotency_key !== null) headers['Idempotency-Key'] = input.idempotency_key;
  return {
    name: input.name,
    ...CREDENTIALS,
    signature_version: version,
    timestamp,
    nonce,
    method: input.method,
    path_with_query: input.path_with_query,
    body: input.body,
    idempotency_key: input.idempotency_key,
    now: input.now ?? TS,
    body_sha256: sha256Hex(input.body),
    string_to_sign: stringToSign(parts),
    signature,
    headers,
  };
}

const valid = [
  requestVector({
    name: 'POST with a JSON body and an idempotency key',
    method: 'POST',
    path_with_query: '/v1/auth/token',
    body: '{"user_id":"user-123","user_name":"John Doe"}',
    idempotency_key: '0b6b5f64-2f5e-4d7e-9a54-0c1e1f2d3a4b',
  }),
  requestVector({
    name: 'GET with a query string and no body (the hash of the empty string)',
    method: 'GET',
    path_with_query: '/v1/rooms?user_id=u%2F1&limit=20',
    body: '',
    idempotency_key: null,
  }),
  requestVector({
    name: 'DELETE of a percent-encoded non-ASCII path segment, signed as sent',
    method: 'DELETE',
    path_with_query: '/v1/rooms/room_1/participants/%C3%A9%2B1',
    body: '',
    idempotency_key: null,
  }),
  requestVector({
    name: 'POST whose body holds non-ASCII text: its UTF-8 bytes are hashed',
    method: 'POST',
    path_with_query: '/v1/messages',
    body: '{"room_id":"room_1","sender_id":"system","content":"주문이 확인되었습니다 🎉","content_type":"system"}',
    idempotency_key: 'order-1234-confirmation',
  }),
  requestVector({
    name: 'PATCH behind a path prefix (a reverse proxy): the prefix is part of the signed target',
    method: 'PATCH',
    path_with_query: '/chat/v1/rooms/room_1',
    body: '{"name":null,"status":"resolved"}',
    idempotency_key: null,
  }),
  requestVector({
    name: 'POST without a body',
    method: 'POST',
    path_with_query: '/v1/webhooks/we_1/rotate-secret',
    body: '',
    idempotency_key: 'rotate-we_1',
  }),
  requestVector({
    name: 'accepted at the edge of the window: 300 s after its timestamp',
    method: 'GET',
    path_with_query: '/v1/rooms/room_1',
    body: '',
    idempotency_key: null,
    now: TS + 300,
  }),
];

// Signature v1: deprecated, still accepted by servers that have not been set to refuse it.
const deprecatedV1 = [
  requestVector({
    name: 'v1: POST with a JSON body (the key is not signed)',
    version: 'v1',
    method: 'POST',
    path_with_query: '/v1/auth/token',
    body: '{"user_id":"user-123","user_name":"John Doe"}',
    idempotency_key: '0b6b5f64-2f5e-4d7e-9a54-0c1e1f2d3a4b',
  }),
  requestVector({
    name: 'v1: GET with a query string and no body',
    version: 'v1',
    method: 'GET',
    path_with_query: '/v1/rooms?user_id=u%2F1&limit=20',
    body: '',
    idempotency_key: null,
  }),
];

function withoutHeader(headers: Record<string, string>, name: string): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([k]) => k !== name));
}

const base = valid[0]!;
const baseRequest = {
  method: base.method,
  path_with_query: base.path_with_query,
  body: base.body,
  headers: base.headers,
};
const rejected = [
  {
    name: 'the body differs from the one signed',
    now: TS,
    ...baseRequest,
    body: '{"user_id":"mallory","user_name":"John Doe"}',
    error: 'invalid_signature',
  },
  {
    name: 'the query differs from the one signed',
    now: TS,
    method: 'GET',
    path_with_query: '/v1/rooms?user_id=bob&limit=20',
    body: '',
    headers: valid[1]!.headers,
    error: 'invalid_signature',
  },
  {
    name: 'the method differs from the one signed',
    now: TS,
    ...baseRequest,
    method: 'PATCH',
    error: 'invalid_signature',
  },
  {
    name: 'signed with another secret',
    now: TS,
    ...baseRequest,
    headers: {
      ...base.headers,
      'X-OiChat-Signature': sign('sk_another_secret', {
        timestamp: String(TS),
        nonce: base.nonce!,
        method: 'POST',
        pathWithQuery: base.path_with_query,
        idempotencyKey: base.idempotency_key!,
        body: base.body,
      }),
    },
    error: 'invalid_signature',
  },
  {
    name: 'the Idempotency-Key differs from the one signed',
    now: TS,
    ...baseRequest,
    headers: { ...base.headers, 'Idempotency-Key': 'another-key' },
    error: 'invalid_signature',
  },
  {
    name: 'the Idempotency-Key that was signed is left out',
    now: TS,
    ...baseRequest,
    headers: withoutHeader(base.headers, 'Idempotency-Key'),
    error: 'invalid_signature',
  },
  {
    name: 'the nonce differs from the one signed',
    now: TS,
    ...baseRequest,
    headers: { ...base.headers, 'X-OiChat-Nonce': '6f1c2b9e-8a47-4d3e-b5f0-999999999999' },
    error: 'invalid_signature',
  },
  {
    name: 'a v2 signature without X-OiChat-Nonce',
    now: TS,
    ...baseRequest,
    headers: withoutHeader(base.headers, 'X-OiChat-Nonce'),
    error: 'missing_credentials',
  },
  {
    name: 'a nonce shorter than 16 characters',
    now: TS,
    ...baseRequest,
    headers: { ...base.headers, 'X-OiChat-Nonce': 'short-nonce' },
    error: 'malformed_credentials',
  },
  {
    name: 'a nonce with a character outside A-Z a-z 0-9 - _',
    now: TS,
    ...baseRequest,
    headers: { ...base.headers, 'X-OiChat-Nonce': '6f1c2b9e+8a47+4d3e+b5f0' },
    error: 'malformed_credentials',
  },
  {
    name: 'the v2 signature sent as v1 (the version prefix is part of the scheme)',
    now: TS,
    ...baseRequest,
    headers: { ...base.headers, 'X-OiChat-Signature': `v1=${base.signature.slice(3)}` },
    error: 'invalid_signature',
  },
  { name: 'the timestamp is 301 s old', now: TS + 301, ...baseRequest, error: 'stale_timestamp' },
  { name: 'the timestamp is 301 s ahead', now: TS - 301, ...baseRequest, error: 'stale_timestamp' },
  {
    name: 'the signature is upper-case hex',
    now: TS,
    ...baseRequest,
    headers: { ...base.headers, 'X-OiChat-Signature': 'v2=' + base.signature.slice(3).toUpperCase() },
    error: 'malformed_credentials',
  },
  {
    name: 'the timestamp is not whole seconds',
    now: TS,
    ...baseRequest,
    headers: { ...base.headers, 'X-OiChat-Timestamp': `${TS}.5` },
    error: 'malformed_credentials',
  },
];

// ------------------------------------------------------------------ webhooks

const SECRET = 'whsec_' + Buffer.from('oichat-spec-vector-secret-32byte').toString('base64');
const ROTATED = 'whsec_' + Buffer.from('oichat-spec-vector-rotated-32byt').toString('base64');
const OTHER = 'whsec_' + Buffer.from('not the endpoint secret, 32 byte').toString('base64');

function event(id: string, content = 'Hi') {
  return JSON.stringify({
    id,
    type: 'message.created',
    timestamp: '2026-11-25T09:51:32.123Z',
    project_id: CREDENTIALS.project_id,
    data: {
      message: {
        message_id: 'msg_1',
        room_id: 'room_1',
        seq: 7,
        sender_id: 'user-123',
        content,
        content_type: 'text',
        metadata: {},
        created_at: '2026-11-25T09:51:32.123Z',
      },
    },
  });
}

function delivery(
  name: string,
  signedWith: string[],
  verifyWith: string,
  opts: { body?: string; id?: string; now?: number } = {},
) {
  const id = opts.id ?? 'evt_spec_1';
  const body = opts.body ?? event(id);
  return {
    name,
    signed_with: signedWith,
    secret: verifyWith,
    body,
    now: opts.now ?? TS,
    headers: webhookHeaders(signedWith, id, TS, body),
    event_id: id,
    event_type: JSON.parse(body).type as string,
  };
}

const webhookValid = [
  delivery('one signature', [SECRET], SECRET),
  delivery('during a rotation: two signatures, checked with the new secret', [ROTATED, SECRET], ROTATED),
  delivery('during a rotation: two signatures, checked with the old secret', [ROTATED, SECRET], SECRET),
  delivery('a body with non-ASCII text: its UTF-8 bytes are signed', [SECRET], SECRET, {
    id: 'evt_spec_2',
    body: event('evt_spec_2', '배송은 언제 오나요? 🚚'),
  }),
  delivery('the secret may be given without its whsec_ prefix', [SECRET], SECRET.slice('whsec_'.length)),
  delivery('accepted at the edge of the tolerance: 300 s after its timestamp', [SECRET], SECRET, { now: TS + 300 }),
  delivery('accepted at the edge of the tolerance: 300 s before its timestamp', [SECRET], SECRET, { now: TS - 300 }),
];
{
  // An unknown version among the signatures is skipped, not fatal.
  const v = delivery('an unknown signature version before the v1 one is skipped', [SECRET], SECRET);
  v.headers['webhook-signature'] = 'v2,' + Buffer.from('x').toString('base64') + ' ' + v.headers['webhook-signature'];
  webhookValid.push(v);
}

const good = webhookValid[0]!;
const goodHeaders = good.headers;
const sig = goodHeaders['webhook-signature']!;
function invalid(
  name: string,
  reason: string,
  change: { headers?: Record<string, string>; body?: string; secret?: string; now?: number },
) {
  return {
    name,
    secret: change.secret ?? SECRET,
    body: change.body ?? good.body,
    now: change.now ?? TS,
    headers: change.headers ?? goodHeaders,
    reason,
  };
}
const { 'webhook-id': _id, ...withoutId } = goodHeaders;
const { 'webhook-signature': _sig, ...withoutSignature } = goodHeaders;
const notJson = 'this is not JSON';
const otherIdBody = event('evt_spec_other');
const webhookInvalid = [
  invalid('no webhook-id header', 'missing_header', { headers: withoutId }),
  invalid('no webhook-signature header', 'missing_header', { headers: withoutSignature }),
  invalid('an empty webhook-timestamp', 'missing_header', { headers: { ...goodHeaders, 'webhook-timestamp': '' } }),
  invalid('a timestamp that is not whole seconds', 'invalid_timestamp', {
    headers: { ...goodHeaders, 'webhook-timestamp': `${TS}.0` },
  }),
  invalid('a timestamp that is a date', 'invalid_timestamp', {
    headers: { ...goodHeaders, 'webhook-timestamp': '2026-11-25T09:51:32Z' },
  }),
  invalid('301 s older than now (a replay)', 'timestamp_too_old', { now: TS + 301 }),
  invalid('301 s ahead of now', 'timestamp_too_new', { now: TS - 301 }),
  invalid('a body changed after signing', 'invalid_signature', { body: good.body.replace('"Hi"', '"Hi!"') }),
  invalid('checked with another secret', 'invalid_signature', { secret: OTHER }),
  invalid('another id than the one signed', 'invalid_signature', {
    headers: { ...goodHeaders, 'webhook-id': 'evt_spec_other' },
  }),
  invalid('another timestamp than the one signed', 'invalid_signature', {
    headers: { ...goodHeaders, 'webhook-timestamp': String(TS + 1) },
  }),
  invalid('only an unknown signature version', 'invalid_signature', {
    headers: { ...goodHeaders, 'webhook-signature': sig.replace('v1,', 'v2,') },
  }),
  invalid('a v1 signature with an empty value', 'invalid_signature', {
    headers: { ...goodHeaders, 'webhook-signature': 'v1,' },
  }),
  invalid('a signature that is not base64', 'invalid_signature', {
    headers: { ...goodHeaders, 'webhook-signature': 'v1,not*base64!' },
  }),
  invalid('a hex signature instead of base64', 'invalid_signature', {
    headers: {
      ...goodHeaders,
      'webhook-signature': 'v1,' + Buffer.from(sig.slice(3), 'base64').toString('hex'),
    },
  }),
  invalid('a secret of "whsec_" alone', 'malformed_secret', { secret: 'whsec_' }),
  invalid('a secret that is not base64', 'malformed_secret', { secret: 'whsec_not*base64!' }),
  invalid('a correctly signed body that is not JSON', 'malformed_payload', {
    body: notJson,
    headers: webhookHeaders([SECRET], 'evt_spec_1', TS, notJson),
  }),
  invalid("a correctly signed event whose id is not the delivery's", 'malformed_payload', {
    body: otherIdBody,
    headers: webhookHeaders([SECRET], 'evt_spec_1', TS, otherIdBody),
  }),
];

const vectors = {
  description:
    'Test vectors of the OiChat request-signing and webhook-signature protocols, generated from the server (scripts/signing-vectors.ts) and checked by the server, the Node SDK and the Java SDK. See spec/README.md.',
  request_signing: {
    scheme:
      'X-OiChat-Signature = "v2=" + lowercase hex HMAC-SHA256(key = UTF-8 secret_key, message = UTF-8 string_to_sign); string_to_sign = "v2\\n<timestamp>\\n<nonce>\\n<METHOD>\\n<path_with_query>\\n<Idempotency-Key or empty>\\n<hex sha256(body)>"; X-OiChat-Nonce = 16-64 of A-Z a-z 0-9 - _, new for every request and every retry; the server accepts |now - timestamp| <= 300 s and each signature once (a repeat within 600 s is 401 replayed_request). deprecated_v1: the former scheme, string_to_sign = "v1\\n<timestamp>\\n<METHOD>\\n<path_with_query>\\n<hex sha256(body)>", no nonce; still accepted (with a Deprecation header) unless the server refuses it',
    valid,
    deprecated_v1: deprecatedV1,
    rejected,
  },
  webhook_verification: {
    scheme:
      'webhook-signature = space-separated "v1," + base64 HMAC-SHA256(key = base64-decoded secret after "whsec_", message = "<webhook-id>.<webhook-timestamp>.<raw body>"), one per active secret; receivers accept |now - webhook-timestamp| <= 300 s',
    valid: webhookValid,
    invalid: webhookInvalid,
  },
};

// Self-checks before anything is written: the independent Standard Webhooks implementation
// accepts every valid delivery and the single-secret signer agrees with the header builder.
for (const v of webhookValid) {
  const secret = v.secret.startsWith('whsec_') ? v.secret : 'whsec_' + v.secret;
  const wh = new Webhook(secret);
  const realNow = Date.now;
  Date.now = () => v.now * 1000;
  try {
    wh.verify(v.body, v.headers);
  } finally {
    Date.now = realNow;
  }
}
if (signWebhook(SECRET, good.event_id, TS, good.body) !== sig)
  throw new Error('signWebhook disagrees with webhookHeaders');

const text = JSON.stringify(vectors, null, 2) + '\n';
if (process.argv.includes('--check')) {
  const committed = JSON.parse(readFileSync(target, 'utf8'));
  if (!isDeepStrictEqual(committed, JSON.parse(text))) {
    console.error(
      'spec/signing-vectors.json differs from what the server computes: run node scripts/signing-vectors.ts',
    );
    process.exit(1);
  }
  console.log('spec/signing-vectors.json matches the server');
} else {
  writeFileSync(target, text);
  execFileSync(join(root, 'node_modules/.bin/biome'), ['format', '--write', target], { stdio: 'inherit' });
  console.log(`wrote ${target}`);
}
