// spec/signing-vectors.json: the request-signing and webhook-signature cases the server, this SDK
// and the Java SDK all test against (spec/README.md). Typed here for what this SDK reads of it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './server.ts';

export interface RequestVector {
  name: string;
  project_id: string;
  api_key: string;
  secret_key: string;
  signature_version: 'v2';
  timestamp: string;
  /** The X-OiChat-Nonce the request was signed with (an SDK makes a new one per attempt). */
  nonce: string | null;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path_with_query: string;
  body: string;
  idempotency_key: string | null;
  body_sha256: string;
  string_to_sign: string;
  signature: string;
  headers: Record<string, string>;
}

export interface WebhookCase {
  name: string;
  secret: string;
  body: string;
  now: number;
  headers: Record<string, string>;
}

export interface SigningVectors {
  request_signing: { valid: RequestVector[] };
  webhook_verification: {
    valid: (WebhookCase & { event_id: string; event_type: string })[];
    invalid: (WebhookCase & { reason: string })[];
  };
}

export const vectors: SigningVectors = JSON.parse(readFileSync(join(repoRoot, 'spec/signing-vectors.json'), 'utf8'));
