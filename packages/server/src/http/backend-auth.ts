/**
 * Authenticates signed backend requests (docs/http-api.md, "Authentication") and attaches the
 * project. Runs before validation so an unsigned request learns nothing about the API's rules.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { errors } from '../errors/app-error.js';
import { MAX_CLOCK_SKEW_SECONDS, signatureMatches } from '../crypto/request-signature.js';
import type { ProjectsService } from '../services/projects.service.js';
import './request-context.js';

const HEADERS = {
  projectId: 'X-OiChat-Project-Id',
  apiKey: 'X-OiChat-Api-Key',
  timestamp: 'X-OiChat-Timestamp',
  signature: 'X-OiChat-Signature',
} as const;

function header(request: FastifyRequest, name: string): string {
  const value = request.headers[name.toLowerCase()];
  if (value === undefined || value === '') throw errors.missingCredentials(name);
  if (Array.isArray(value)) throw errors.malformedCredentials(name, 'it appears more than once');
  return value;
}

export function backendAuth(projects: ProjectsService, now: () => number = () => Date.now()) {
  return async function authenticate(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    const projectId = header(request, HEADERS.projectId);
    const apiKey = header(request, HEADERS.apiKey);
    const timestamp = header(request, HEADERS.timestamp);
    const signature = header(request, HEADERS.signature);

    if (!/^\d{1,12}$/.test(timestamp))
      throw errors.malformedCredentials(HEADERS.timestamp, 'expected Unix time in whole seconds');
    if (!/^v1=[0-9a-f]{64}$/.test(signature)) {
      throw errors.malformedCredentials(HEADERS.signature, 'expected "v1=" followed by 64 lowercase hex digits');
    }
    if (Math.abs(now() / 1000 - Number(timestamp)) > MAX_CLOCK_SKEW_SECONDS) throw errors.staleTimestamp();

    const secret = await projects.secretFor(apiKey, projectId);
    if (secret === null) throw errors.invalidApiKey();
    const parts = { timestamp, method: request.method, pathWithQuery: request.url, body: request.rawBody ?? '' };
    if (!signatureMatches(secret, parts, signature)) throw errors.invalidSignature();
    request.project = { projectId };
  };
}
