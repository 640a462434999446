/**
 * Holds the user's token and gets new ones from `tokenProvider`: when there is none, shortly
 * before `exp` (read from the JWT payload without verifying it: the server verifies, the client
 * only needs to know when to ask), and when the server rejects it. Concurrent callers share one
 * provider call, so ten requests failing with the same expired token cause one refresh.
 */
import { OiChatError } from './errors.js';
import type { TokenProvider, TokenRefreshReason } from './types.js';

/** setTimeout's limit (2^31 - 1 ms, ~24.8 days); a longer delay would fire at once. */
const MAX_TIMER_MS = 2_147_483_647;
/** Delay before asking again after a failed proactive refresh. */
const PROACTIVE_RETRY_MS = 10_000;

interface Claims {
  /** Milliseconds since the epoch, when the token has them. */
  exp?: number;
  iat?: number;
}

/** Reads `exp` and `iat` from a JWT's payload. Never throws: an unreadable token just has no known expiry. */
export function decodeClaims(token: string): Claims {
  try {
    const part = token.split('.')[1];
    if (!part) return {};
    const b64 = part
      .replace(/-/g, '+')
      .replace(/_/g, '/')
      .padEnd(Math.ceil(part.length / 4) * 4, '=');
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const payload = JSON.parse(new TextDecoder().decode(bytes)) as { exp?: unknown; iat?: unknown };
    const claims: Claims = {};
    if (typeof payload.exp === 'number') claims.exp = payload.exp * 1000;
    if (typeof payload.iat === 'number') claims.iat = payload.iat * 1000;
    return claims;
  } catch {
    return {};
  }
}

export interface TokenManagerOptions {
  token?: string | undefined;
  provider?: TokenProvider | undefined;
  refreshBeforeExpiryMs: number;
  onRefreshed: (expiresAt: number | undefined) => void;
  onError: (err: OiChatError) => void;
}

export class TokenManager {
  #token: string | undefined;
  #claims: Claims = {};
  /** A token the provider itself handed out while we asked because of its expiry: do not ask again for it. */
  #providerGaveNearExpiry: string | undefined;
  #inflight: Promise<string> | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #proactive = false;

  constructor(private readonly opts: TokenManagerOptions) {
    if (opts.token !== undefined) this.#set(opts.token);
  }

  get current(): string | undefined {
    return this.#token;
  }

  get hasProvider(): boolean {
    return this.opts.provider !== undefined;
  }

  /** Expiry of the current token in ms since the epoch, when readable. */
  get expiresAt(): number | undefined {
    return this.#claims.exp;
  }

  /**
   * True from `refreshBeforeExpiryMs` before `exp` on. The margin is capped at half the token's
   * lifetime so that short-lived tokens are not refreshed the moment they arrive.
   */
  nearExpiry(now = Date.now()): boolean {
    const { exp, iat } = this.#claims;
    if (exp === undefined) return false;
    const margin =
      iat === undefined ? this.opts.refreshBeforeExpiryMs : Math.min(this.opts.refreshBeforeExpiryMs, (exp - iat) / 2);
    return now >= exp - margin;
  }

  expired(now = Date.now()): boolean {
    return this.#claims.exp !== undefined && now >= this.#claims.exp;
  }

  /** The token to use now: asks the provider when there is none or it is about to expire. */
  async get(): Promise<string> {
    const token = this.#token;
    if (token === undefined) {
      if (!this.opts.provider) {
        throw new OiChatError({
          status: 0,
          code: 'missing_token',
          message: 'OiChatClient has neither a token nor a tokenProvider.',
        });
      }
      return this.refresh('initial');
    }
    if (this.opts.provider && this.nearExpiry() && this.#providerGaveNearExpiry !== token) {
      try {
        return await this.refresh(this.expired() ? 'expired' : 'expiring');
      } catch (err) {
        // The old token still works until exp: better to use it than to fail the call.
        if (!this.expired()) return token;
        throw err;
      }
    }
    return token;
  }

  /**
   * Gets a new token from the provider. `rejected` is the token the server refused: when we
   * already hold a different one (another caller refreshed meanwhile), that one is returned.
   */
  refresh(reason: TokenRefreshReason, rejected?: string): Promise<string> {
    const provider = this.opts.provider;
    if (!provider) {
      return Promise.reject(
        new OiChatError({
          status: 0,
          code: 'missing_token_provider',
          message: 'The token was rejected and no tokenProvider is set.',
        }),
      );
    }
    if (rejected !== undefined && this.#token !== undefined && this.#token !== rejected)
      return Promise.resolve(this.#token);
    this.#inflight ??= (async () => {
      try {
        let token: string;
        try {
          token = await provider({ reason });
        } catch (err) {
          throw new OiChatError({
            status: 0,
            code: 'token_provider_failed',
            message: `tokenProvider failed: ${(err as Error)?.message ?? String(err)}`,
            cause: err,
          });
        }
        if (typeof token !== 'string' || token.length === 0) {
          throw new OiChatError({
            status: 0,
            code: 'token_provider_failed',
            message: 'tokenProvider did not return a token string.',
          });
        }
        this.#set(token);
        if (this.nearExpiry()) this.#providerGaveNearExpiry = token;
        this.opts.onRefreshed(this.#claims.exp);
        return token;
      } finally {
        this.#inflight = null;
      }
    })();
    return this.#inflight;
  }

  /** Refresh ahead of `exp` while the client is connected (REST-only use refreshes lazily in get()). */
  startProactive(): void {
    this.#proactive = true;
    this.#schedule();
  }

  stopProactive(): void {
    this.#proactive = false;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #set(token: string): void {
    this.#token = token;
    this.#claims = decodeClaims(token);
    this.#schedule();
  }

  #schedule(delayOverride?: number): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const { exp, iat } = this.#claims;
    if (!this.#proactive || !this.opts.provider || exp === undefined) return;
    const margin =
      iat === undefined ? this.opts.refreshBeforeExpiryMs : Math.min(this.opts.refreshBeforeExpiryMs, (exp - iat) / 2);
    const delay = delayOverride ?? Math.max(0, exp - margin - Date.now());
    if (delayOverride === undefined && this.#providerGaveNearExpiry === this.#token) return;
    this.#timer = setTimeout(
      () => {
        this.#timer = undefined;
        // A delay past setTimeout's limit was clamped: not due yet, look again later.
        if (delayOverride === undefined && !this.nearExpiry()) return this.#schedule();
        this.refresh(this.expired() ? 'expired' : 'expiring').catch((err: OiChatError) => {
          this.opts.onError(err);
          if (!this.expired()) this.#schedule(PROACTIVE_RETRY_MS);
        });
      },
      Math.min(delay, MAX_TIMER_MS),
    );
  }
}
