/**
 * spec/signing-vectors.json, the shared statement of the request-signing and webhook-signature
 * protocols that the server, the Node SDK and the Java SDK all test against (spec/README.md).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface RequestVector {
  name: string;
  project_id: string;
  api_key: string;
  secret_key: string;
  signature_version: 'v1' | 'v2';
  timestamp: string;
  /** The X-OiChat-Nonce (v2); null for v1. */
  nonce: string | null;
  method: string;
  path_with_query: string;
  body: string;
  idempotency_key: string | null;
  now: number;
  body_sha256: string;
  string_to_sign: string;
  signature: string;
  headers: Record<string, string>;
}

export interface RejectedRequest {
  name: string;
  now: number;
  method: string;
  path_with_query: string;
  body: string;
  headers: Record<string, string>;
  error: string;
}

export interface WebhookDelivery {
  name: string;
  signed_with: string[];
  secret: string;
  body: string;
  now: number;
  headers: Record<string, string>;
  event_id: string;
  event_type: string;
}

export interface RefusedDelivery {
  name: string;
  secret: string;
  body: string;
  now: number;
  headers: Record<string, string>;
  reason: string;
}

export interface SigningVectors {
  request_signing: { valid: RequestVector[]; deprecated_v1: RequestVector[]; rejected: RejectedRequest[] };
  webhook_verification: { valid: WebhookDelivery[]; invalid: RefusedDelivery[] };
}

export const vectorsPath = join(dirname(fileURLToPath(import.meta.url)), '../../../../spec/signing-vectors.json');

export const vectors: SigningVectors = JSON.parse(readFileSync(vectorsPath, 'utf8'));
