// The server against spec/signing-vectors.json: its signer produces every vector's string to sign
// and signature, its authentication accepts every valid request and refuses every rejected one
// with the vector's code, and its webhook signer produces the deliveries' signatures. The Node and
// Java SDKs test against the same file, so a change to either protocol fails all three.
import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { sha256Hex, sign, stringToSign } from '../../src/crypto/request-signature.js';
import { webhookHeaders } from '../../src/crypto/webhook-signature.js';
import { AppError } from '../../src/errors/app-error.js';
import { backendAuth, V1_DEPRECATION } from '../../src/http/backend-auth.js';
import { replayGuard } from '../../src/http/replay-guard.js';
import { MemorySeenSignatures } from '../../src/services/seen-signatures.js';
import type { ProjectsService } from '../../src/services/projects.service.js';
import { type RequestVector, vectors } from '../helpers/signing-vectors.js';

const { valid, deprecated_v1: deprecated, rejected } = vectors.request_signing;
const credentials = valid[0]!;

/** The one project of the vectors, as the store would answer for its api key. */
const projects = {
  async secretFor(apiKey: string, projectId: string) {
    return apiKey === credentials.api_key && projectId === credentials.project_id ? credentials.secret_key : null;
  },
} as unknown as ProjectsService;

/** What backendAuth reads of a request: lower-case headers, method, raw target and raw body. */
function request(method: string, url: string, body: string, headers: Record<string, string>): FastifyRequest {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { method, url, headers: lower, rawBody: body === '' ? undefined : Buffer.from(body) } as FastifyRequest;
}

/** A reply that records the headers authentication sets on it (the Deprecation of v1). */
function reply() {
  const headers: Record<string, string> = {};
  return { headers: (h: Record<string, string>) => Object.assign(headers, h), sent: headers };
}

async function authenticate(
  now: number,
  req: FastifyRequest,
  signatureV1: 'accept' | 'refuse' = 'accept',
  r = reply(),
): Promise<string> {
  await backendAuth(projects, { signatureV1, now: () => now * 1000 })(req, r as never);
  return req.project!.projectId;
}

const partsOf = (v: RequestVector) => ({
  version: v.signature_version,
  timestamp: v.timestamp,
  ...(v.nonce !== null && { nonce: v.nonce }),
  method: v.method,
  pathWithQuery: v.path_with_query,
  idempotencyKey: v.idempotency_key ?? undefined,
  body: v.body,
});

describe('spec/signing-vectors.json: request signing', () => {
  it('has vectors to check', () => {
    expect(valid.length).toBeGreaterThan(3);
    expect(rejected.length).toBeGreaterThan(3);
  });

  it.each([...valid, ...deprecated].map((v) => [v.name, v] as [string, RequestVector]))(
    'signs "%s" as the vector says',
    (_name, v) => {
      const parts = partsOf(v);
      expect(sha256Hex(v.body)).toBe(v.body_sha256);
      expect(stringToSign(parts)).toBe(v.string_to_sign);
      expect(sign(v.secret_key, parts)).toBe(v.signature);
      expect(v.headers['X-OiChat-Signature']).toBe(v.signature);
      expect(v.headers['X-OiChat-Timestamp']).toBe(v.timestamp);
      expect(v.headers['Idempotency-Key']).toBe(v.idempotency_key ?? undefined);
      expect(v.headers['X-OiChat-Nonce']).toBe(v.nonce ?? undefined);
    },
  );

  it('signs every current vector with v2 and every deprecated one with v1', () => {
    expect(valid.map((v) => v.signature_version)).toEqual(valid.map(() => 'v2'));
    expect(deprecated.length).toBeGreaterThan(0);
    expect(deprecated.map((v) => v.signature_version)).toEqual(deprecated.map(() => 'v1'));
  });

  it.each(deprecated.map((v) => [v.name, v] as [string, RequestVector]))(
    'accepts the deprecated "%s", marked Deprecation, and refuses it when v1 is refused',
    async (_name, v) => {
      const r = reply();
      await expect(
        authenticate(v.now, request(v.method, v.path_with_query, v.body, v.headers), 'accept', r),
      ).resolves.toBe(v.project_id);
      expect(r.sent).toEqual(V1_DEPRECATION);
      await expect(
        authenticate(v.now, request(v.method, v.path_with_query, v.body, v.headers), 'refuse'),
      ).rejects.toMatchObject({ status: 401, code: 'signature_version_refused' });
    },
  );

  it.each(valid.map((v) => [v.name, v] as [string, RequestVector]))(
    'accepts "%s" once: the same request again is 401 replayed_request',
    async (_name, v) => {
      const guard = replayGuard(new MemorySeenSignatures());
      for (const attempt of [1, 2]) {
        const req = request(v.method, v.path_with_query, v.body, v.headers);
        await authenticate(v.now, req);
        const check = guard(req, {} as never);
        if (attempt === 1) await expect(check).resolves.toBeUndefined();
        else await expect(check).rejects.toMatchObject({ status: 401, code: 'replayed_request' });
      }
    },
  );

  it.each(valid.map((v) => [v.name, v] as [string, RequestVector]))('accepts "%s"', async (_name, v) => {
    await expect(authenticate(v.now, request(v.method, v.path_with_query, v.body, v.headers))).resolves.toBe(
      v.project_id,
    );
  });

  it.each(rejected.map((r) => [r.name, r.error, r] as const))(
    'refuses a request where %s: 401 %s',
    async (_n, error, r) => {
      const attempt = authenticate(r.now, request(r.method, r.path_with_query, r.body, r.headers));
      await expect(attempt).rejects.toBeInstanceOf(AppError);
      await expect(attempt).rejects.toMatchObject({ status: 401, code: error });
    },
  );
});

describe('spec/signing-vectors.json: webhook signatures', () => {
  it.each(vectors.webhook_verification.valid.map((d) => [d.name, d] as const))(
    'the server signs the delivery "%s" as the vector says',
    (_name, d) => {
      const produced = webhookHeaders(d.signed_with, d.event_id, Number(d.headers['webhook-timestamp']), d.body);
      expect(d.headers['webhook-id']).toBe(produced['webhook-id']);
      expect(d.headers['webhook-timestamp']).toBe(produced['webhook-timestamp']);
      // Every signature the server makes is among the vector's (one vector adds an unknown version in front).
      const listed = d.headers['webhook-signature']!.split(' ');
      for (const signature of produced['webhook-signature']!.split(' ')) expect(listed).toContain(signature);
    },
  );
});
