/**
 * User JWTs: issuing, refreshing, and publishing the verification keys (JWKS). Tokens are ES256,
 * signed with the project's own key, so one project's tokens never verify as another's.
 *
 * A project may have several keys while one is rotated out: the newest current key signs, and
 * every key not yet retired verifies (for use and for refresh) and is published. Which keys those
 * are is read from the store on every call, so a rotation by the CLI or another node holds at
 * once; only the imported key objects are cached.
 */
import {
  importJWK,
  jwtVerify,
  SignJWT,
  decodeProtectedHeader,
  errors as joseErrors,
  type JWK,
  type JWTPayload,
} from 'jose';
import { newId } from '../crypto/ids.js';
import type { SecretBox } from '../crypto/secret-box.js';
import { errors, fieldError, validationFailed } from '../errors/app-error.js';
import type { SigningKeyRow } from '../store/projects.store.js';
import type { Store } from '../store/store.js';
import { isoAt, nowIso } from './clock.js';
import { assertJsonObjectSize } from './json-rules.js';
import { LIMITS, reservedUserIdProblem } from './limits.js';
import type { JsonObject } from './models.js';

export const TOKEN_AUDIENCE = 'oichat';

export interface CreateTokenInput {
  user_id: string;
  user_name?: string | undefined;
  user_info?: JsonObject | undefined;
  channels?: string[] | undefined;
  role?: 'user' | 'agent' | undefined;
}

export interface TokenResult {
  token: string;
  expires_at: string;
}

type ImportedKey = Awaited<ReturnType<typeof importJWK>>;

interface SigningKey {
  kid: string;
  alg: string;
  privateKey: ImportedKey;
  publicKey: ImportedKey;
}

/** The claims that describe the user and survive a refresh unchanged. */
/** The shape of the key ids this server issues (newId.signingKey), with room to spare. */
const KID = /^[A-Za-z0-9_-]{1,100}$/;

const USER_CLAIMS = ['name', 'role', 'channels', 'user_info', 'project_id', 'ver'] as const;

/** An end user, as their verified token describes them. */
export interface UserPrincipal {
  projectId: string;
  userId: string;
  channels: string[];
  /** Seconds since the epoch. */
  expiresAt: number;
}

export class TokensService {
  // Imported keys by kid; importing a JWK on every request would dominate token issuance.
  readonly #imported = new Map<string, Promise<SigningKey>>();

  constructor(
    private readonly store: Store,
    private readonly box: SecretBox,
    private readonly issuerFor: (projectId: string) => string,
  ) {}

  async createToken(projectId: string, input: CreateTokenInput): Promise<TokenResult> {
    const reserved = reservedUserIdProblem('user_id', input.user_id);
    if (reserved) throw validationFailed([reserved]);
    if (input.user_info !== undefined) assertJsonObjectSize('user_info', input.user_info);
    // Checked before anything is recorded: a token too big for an Authorization header would be
    // issued fine and then refused (431) by every server and proxy it is sent to.
    const claimBytes = Buffer.byteLength(
      JSON.stringify([input.user_name ?? '', input.channels ?? [], input.user_info ?? {}]),
      'utf8',
    );
    if (claimBytes > LIMITS.tokenClaimsBytes) {
      throw fieldError(
        'body',
        'maxTokenClaimsBytes',
        `user_name, channels and user_info together must be at most ${LIMITS.tokenClaimsBytes} bytes as JSON, so the token fits an HTTP header; they are ${claimBytes}`,
      );
    }
    const role = input.role ?? 'user';
    await this.store.users.upsert({
      project_id: projectId,
      user_id: input.user_id,
      ...(input.user_name !== undefined && { name: input.user_name }),
      role,
      ...(input.user_info !== undefined && { user_info: JSON.stringify(input.user_info) }),
      at: nowIso(),
    });
    const ver = await this.store.users.tokenVersion(projectId, input.user_id);
    const claims: JWTPayload = { project_id: projectId, role, channels: input.channels ?? [], ver };
    if (input.user_name !== undefined) claims.name = input.user_name;
    if (input.user_info !== undefined) claims.user_info = input.user_info;
    return this.#sign(projectId, input.user_id, claims);
  }

  async refreshToken(projectId: string, token: string): Promise<TokenResult> {
    const payload = await this.#verifyForRefresh(projectId, token);
    await this.#assertNotRevoked(projectId, payload);
    const claims: JWTPayload = {};
    for (const name of USER_CLAIMS) if (payload[name] !== undefined) claims[name] = payload[name];
    return this.#sign(projectId, payload.sub as string, claims);
  }

  /** Verifies a user's token for the end-user API and the realtime gateway. */
  async verifyUserToken(token: string): Promise<UserPrincipal> {
    let kid: string | undefined;
    try {
      kid = decodeProtectedHeader(token).kid;
    } catch {
      throw errors.invalidToken('it is not a JWT');
    }
    // The header is not verified yet: anything but one of our key ids is refused before it reaches a query.
    const row = typeof kid === 'string' && KID.test(kid) ? await this.store.projects.findSigningKey(kid) : undefined;
    if (!row) throw errors.invalidToken('it was not signed by a key of this server');
    if (isRetired(row)) throw errors.invalidToken('the key that signed it was retired');
    const key = await this.#import(row);
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, key.publicKey, {
        algorithms: [key.alg],
        issuer: this.issuerFor(row.project_id),
        audience: TOKEN_AUDIENCE,
        requiredClaims: ['sub', 'exp', 'iat'],
        clockTolerance: 5,
      }));
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) throw errors.tokenExpired();
      if (err instanceof joseErrors.JWTClaimValidationFailed)
        throw errors.invalidToken(`claim ${err.claim} is invalid`);
      throw errors.invalidToken('its signature does not verify');
    }
    await this.#assertNotRevoked(row.project_id, payload);
    return {
      projectId: row.project_id,
      userId: payload.sub!,
      channels: Array.isArray(payload.channels) ? (payload.channels as string[]) : [],
      expiresAt: payload.exp!,
    };
  }

  /** Makes every token issued to the user so far stop working. */
  async revokeUser(projectId: string, userId: string): Promise<{ user_id: string; revoked_at: string }> {
    const at = nowIso();
    await this.store.users.bumpTokenVersion(projectId, userId, at);
    return { user_id: userId, revoked_at: at };
  }

  async #assertNotRevoked(projectId: string, payload: JWTPayload): Promise<void> {
    const current = await this.store.users.tokenVersion(projectId, payload.sub!);
    if (Number(payload.ver ?? 0) < current) throw errors.tokenRevoked();
  }

  /** Every key that verifies the project's tokens now: the current one, and those rotated out but not yet retired. */
  async jwks(projectId: string): Promise<{ keys: JWK[] } | null> {
    const rows = await this.store.projects.signingKeys(projectId, nowIso());
    if (rows.length === 0) return null;
    return { keys: rows.map((r) => JSON.parse(r.public_jwk) as JWK) };
  }

  async #sign(projectId: string, userId: string, claims: JWTPayload): Promise<TokenResult> {
    // The newest key that has not been rotated out (rows come newest first).
    const current = (await this.store.projects.signingKeys(projectId, nowIso())).find((r) => r.retires_at === null);
    if (!current) throw new Error(`Project ${projectId} has no current signing key.`);
    const key = await this.#import(current);
    const iat = Math.floor(Date.now() / 1000);
    const exp = iat + LIMITS.tokenLifetimeSeconds;
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
      .setIssuer(this.issuerFor(projectId))
      .setAudience(TOKEN_AUDIENCE)
      .setSubject(userId)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .setJti(newId.tokenId())
      .sign(key.privateKey);
    return { token, expires_at: isoAt(exp * 1000) };
  }

  async #verifyForRefresh(projectId: string, token: string): Promise<JWTPayload> {
    let kid: string | undefined;
    try {
      kid = decodeProtectedHeader(token).kid;
    } catch {
      throw errors.invalidToken('it is not a JWT');
    }
    const row = typeof kid === 'string' && KID.test(kid) ? await this.store.projects.findSigningKey(kid) : undefined;
    // An unknown kid is what another project's (or a forged) token looks like.
    if (!row || row.project_id !== projectId) throw errors.invalidToken('it was not issued by this project');
    if (isRetired(row)) throw errors.invalidToken('the key that signed it was retired');
    const key = await this.#import(row);
    try {
      const { payload } = await jwtVerify(token, key.publicKey, {
        algorithms: [key.alg],
        issuer: this.issuerFor(projectId),
        audience: TOKEN_AUDIENCE,
        requiredClaims: ['sub', 'exp', 'iat'],
        clockTolerance: LIMITS.refreshWindowSeconds,
      });
      return payload;
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) throw errors.tokenTooOld();
      if (err instanceof joseErrors.JWTClaimValidationFailed)
        throw errors.invalidToken(`claim ${err.claim} is invalid`);
      throw errors.invalidToken('its signature does not verify');
    }
  }

  #import(row: SigningKeyRow): Promise<SigningKey> {
    let key = this.#imported.get(row.kid);
    if (!key) {
      // Bounded by the keys that exist; retired ones pile up only until this clears them.
      if (this.#imported.size > 10_000) this.#imported.clear();
      key = (async () => ({
        kid: row.kid,
        alg: row.alg,
        privateKey: await importJWK(JSON.parse(this.box.open(row.private_jwk_sealed)) as JWK, row.alg),
        publicKey: await importJWK(JSON.parse(row.public_jwk) as JWK, row.alg),
      }))();
      key.catch(() => this.#imported.delete(row.kid));
      this.#imported.set(row.kid, key);
    }
    return key;
  }
}

const isRetired = (row: SigningKeyRow) => row.retires_at !== null && row.retires_at <= nowIso();
