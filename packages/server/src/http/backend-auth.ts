/**
 * Authenticates signed backend requests (docs/http-api.md, "Authentication") and attaches the
 * project, and the signature it was accepted with (for the replay check that follows). Runs
 * before validation so an unsigned request learns nothing about the API's rules.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { errors } from '../errors/app-error.js';
import {
  MAX_CLOCK_SKEW_SECONDS,
  NONCE_PATTERN,
  signatureMatches,
  type SignatureVersion,
} from '../crypto/request-signature.js';
import type { ProjectsService } from '../services/projects.service.js';
import './request-context.js';

const HEADERS = {
  projectId: 'X-OiChat-Project-Id',
  apiKey: 'X-OiChat-Api-Key',
  timestamp: 'X-OiChat-Timestamp',
  nonce: 'X-OiChat-Nonce',
  signature: 'X-OiChat-Signature',
} as const;

/** RFC 9745: signature v1 is deprecated since 2026-12-01 (docs/http-api.md, "Signature version 1"). */
export const V1_DEPRECATION = {
  deprecation: '@1796083200',
  'x-oichat-warning': 'signature v1 is deprecated; upgrade the server SDK to sign with v2',
} as const;

declare module 'fastify' {
  interface FastifyRequest {
    /** The signature a backend request was accepted with. */
    signing?: { version: SignatureVersion; signature: string; idempotencyKey: string | undefined };
    /**
     * On a route with a streamed body: checks the signature against the body's SHA-256, counted
     * as it streamed in; throws invalid_signature. Everything else was checked before the body.
     */
    verifySignedBody?: (sha256: string) => void;
  }
  interface FastifyContextConfig {
    /** The body is streamed, not buffered (uploads): its part of the signature is checked once read. */
    streamedBody?: boolean;
  }
}

function header(request: FastifyRequest, name: string): string {
  const value = request.headers[name.toLowerCase()];
  if (value === undefined || value === '') throw errors.missingCredentials(name);
  if (Array.isArray(value)) throw errors.malformedCredentials(name, 'it appears more than once');
  return value;
}

export interface BackendAuthOptions {
  /** Whether signature version 1 is still accepted (with a Deprecation header). */
  signatureV1: 'accept' | 'refuse';
  now?: () => number;
}

export function backendAuth(projects: ProjectsService, options: BackendAuthOptions) {
  const now = options.now ?? (() => Date.now());
  return async function authenticate(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const projectId = header(request, HEADERS.projectId);
    const apiKey = header(request, HEADERS.apiKey);
    const timestamp = header(request, HEADERS.timestamp);
    const signature = header(request, HEADERS.signature);

    if (!/^\d{1,12}$/.test(timestamp))
      throw errors.malformedCredentials(HEADERS.timestamp, 'expected Unix time in whole seconds');
    const version = /^(v[12])=[0-9a-f]{64}$/.exec(signature)?.[1] as SignatureVersion | undefined;
    if (!version) {
      throw errors.malformedCredentials(HEADERS.signature, 'expected "v2=" followed by 64 lowercase hex digits');
    }
    let nonce: string | undefined;
    if (version === 'v1') {
      if (options.signatureV1 === 'refuse') throw errors.signatureVersionRefused();
      reply.headers(V1_DEPRECATION);
    } else {
      nonce = header(request, HEADERS.nonce);
      if (!NONCE_PATTERN.test(nonce))
        throw errors.malformedCredentials(HEADERS.nonce, 'expected 16–64 characters of A–Z a–z 0–9 - _');
    }
    if (Math.abs(now() / 1000 - Number(timestamp)) > MAX_CLOCK_SKEW_SECONDS) throw errors.staleTimestamp();

    const secret = await projects.secretFor(apiKey, projectId);
    if (secret === null) throw errors.invalidApiKey();
    // A malformed or repeated key is the idempotency layer's to refuse; the signature covers it as sent.
    const key = request.headers['idempotency-key'];
    const idempotencyKey = typeof key === 'string' ? key : undefined;
    const parts = {
      version,
      timestamp,
      nonce,
      method: request.method,
      pathWithQuery: request.url,
      idempotencyKey,
      body: request.rawBody ?? '',
    };
    if (request.routeOptions.config.streamedBody) {
      request.verifySignedBody = (sha256) => {
        if (!signatureMatches(secret, { ...parts, bodySha256: sha256 }, signature)) throw errors.invalidSignature();
      };
    } else if (!signatureMatches(secret, parts, signature)) throw errors.invalidSignature();
    request.project = { projectId };
    request.signing = { version, signature, idempotencyKey };
  };
}
