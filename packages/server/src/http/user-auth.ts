/**
 * Authenticates end-user requests by their Bearer token (the JWT from auth.createToken) and
 * attaches the user and their project.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { errors } from '../errors/app-error.js';
import type { TokensService, UserPrincipal } from '../services/tokens.service.js';
import './request-context.js';

declare module 'fastify' {
  interface FastifyRequest {
    user?: UserPrincipal;
  }
}

export function bearerToken(header: string | undefined): string | null {
  const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}

export function userAuth(tokens: TokensService) {
  return async function authenticate(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    const token = bearerToken(request.headers.authorization);
    if (token === null) throw errors.missingToken();
    const user = await tokens.verifyUserToken(token);
    request.user = user;
    request.project = { projectId: user.projectId };
  };
}

export function userOf(request: { user?: UserPrincipal }): UserPrincipal {
  if (!request.user) throw new Error('Route reached without an authenticated user: the user auth hook is missing.');
  return request.user;
}
