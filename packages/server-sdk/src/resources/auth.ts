// oichat.auth: user tokens (JWTs) for the client SDKs, issued and renewed by your backend.

import { APIResource } from './resource.js';
import type {
  CreateTokenParams,
  RefreshTokenParams,
  RequestOptions,
  RevokeTokensParams,
  RevokeTokensResponse,
  TokenResponse,
} from '../types.js';

export class Auth extends APIResource {
  /**
   * Issues a 24-hour JWT for a user and records (or updates) the user's name, role and info.
   * `POST /v1/auth/token`.
   */
  async createToken(params: CreateTokenParams, options?: RequestOptions): Promise<TokenResponse> {
    return this._transport.request({ method: 'POST', path: '/v1/auth/token', body: params, options });
  }

  /**
   * Renews a token of this project, even an expired one (by at most 30 days), with the same
   * user claims. `POST /v1/auth/refresh`.
   */
  async refreshToken(params: RefreshTokenParams, options?: RequestOptions): Promise<TokenResponse> {
    return this._transport.request({ method: 'POST', path: '/v1/auth/refresh', body: params, options });
  }

  /**
   * Signs a user out everywhere: every token issued to them so far stops working (401
   * `token_revoked`, refresh included) and their open realtime connections close. The next
   * `createToken` for them works as before. `POST /v1/auth/revoke`.
   */
  async revokeTokens(params: RevokeTokensParams, options?: RequestOptions): Promise<RevokeTokensResponse> {
    return this._transport.request({ method: 'POST', path: '/v1/auth/revoke', body: params, options });
  }
}
