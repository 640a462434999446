/**
 * Projects and their credentials: creation, key rotation, and resolving the secret that a
 * backend request must be signed with. Secrets are sealed before they reach the store and are
 * only ever returned in plain text once, from create and rotate.
 */
import { exportJWK, generateKeyPair } from 'jose';
import { newId } from '../crypto/ids.js';
import type { SecretBox } from '../crypto/secret-box.js';
import type { Store } from '../store/store.js';
import type { ProjectRow, SigningKeyRow } from '../store/projects.store.js';
import { isoAt, nowIso } from './clock.js';
import { LIMITS } from './limits.js';
import type { ProjectCredentials } from './models.js';
import { SecretCache } from './secret-cache.js';

export const SIGNING_ALG = 'ES256';

export interface SigningKeyRotation {
  project_id: string;
  /** The key that signs from now on. */
  kid: string;
  /** The keys it replaces (current until now, or retiring later than the new date), which verify until previous_keys_retire_at. */
  previous_kids: string[];
  previous_keys_retire_at: string;
}

export interface ProjectSummary {
  project_id: string;
  name: string;
  created_at: string;
  api_keys: { api_key: string; created_at: string; expires_at: string | null }[];
}

export class ProjectsService {
  readonly #secrets = new SecretCache();

  constructor(
    private readonly store: Store,
    private readonly box: SecretBox,
  ) {}

  /** A new ES256 key pair for the project's tokens, as a row (private half sealed). */
  async #newSigningKey(projectId: string, at: string): Promise<SigningKeyRow> {
    const { publicKey, privateKey } = await generateKeyPair(SIGNING_ALG, { extractable: true });
    const kid = newId.signingKey();
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: SIGNING_ALG, use: 'sig' };
    const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: SIGNING_ALG };
    return {
      kid,
      project_id: projectId,
      alg: SIGNING_ALG,
      public_jwk: JSON.stringify(publicJwk),
      private_jwk_sealed: this.box.seal(JSON.stringify(privateJwk)),
      created_at: at,
      retires_at: null,
    };
  }

  async create(name: string): Promise<ProjectCredentials> {
    const projectId = newId.project();
    const at = nowIso();
    const signingKey = await this.#newSigningKey(projectId, at);
    const apiKey = newId.apiKey();
    const secretKey = newId.secretKey();
    await this.store.transaction(async () => {
      await this.store.projects.insert({ project_id: projectId, name, created_at: at });
      await this.store.projects.insertApiKey({
        api_key: apiKey,
        project_id: projectId,
        secret_sealed: this.box.seal(secretKey),
        created_at: at,
        expires_at: null,
      });
      await this.store.projects.insertSigningKey(signingKey);
    });
    return { project_id: projectId, api_key: apiKey, secret_key: secretKey };
  }

  /** Creates a project named so when the database has none (a first start); null otherwise. */
  createFirst(name: string): Promise<ProjectCredentials | null> {
    return this.store.transaction(async () => {
      await this.store.projects.lockFirstProject();
      return (await this.store.projects.count()) === 0 ? this.create(name) : null;
    });
  }

  async list(): Promise<ProjectSummary[]> {
    const projects = await this.store.projects.list();
    return Promise.all(
      projects.map(async (p) => ({
        project_id: p.project_id,
        name: p.name,
        created_at: p.created_at,
        api_keys: (await this.store.projects.apiKeys(p.project_id)).map((k) => ({
          api_key: k.api_key,
          created_at: k.created_at,
          expires_at: k.expires_at,
        })),
      })),
    );
  }

  find(projectId: string): Promise<ProjectRow | undefined> {
    return this.store.projects.find(projectId);
  }

  /**
   * Issues a new key pair; keys current until now expire after the grace period so deployed
   * backends can switch over. Returns null when the project does not exist.
   */
  async rotateKeys(
    projectId: string,
    graceHours: number,
  ): Promise<(ProjectCredentials & { previous_keys_expire_at: string }) | null> {
    const apiKey = newId.apiKey();
    const secretKey = newId.secretKey();
    const at = Date.now();
    const expiresAt = isoAt(at + graceHours * 3600_000);
    const done = await this.store.transaction(async () => {
      if (!(await this.store.projects.find(projectId))) return false;
      await this.store.projects.retireCurrentKeys(projectId, expiresAt);
      await this.store.projects.insertApiKey({
        api_key: apiKey,
        project_id: projectId,
        secret_sealed: this.box.seal(secretKey),
        created_at: isoAt(at),
        expires_at: null,
      });
      return true;
    });
    return done
      ? { project_id: projectId, api_key: apiKey, secret_key: secretKey, previous_keys_expire_at: expiresAt }
      : null;
  }

  /**
   * A new token signing key signs from now on. The keys current until now keep verifying, and stay
   * in the JWKS, until every token they signed can neither be used nor refreshed: a token lives
   * 24 hours and can be refreshed for 30 days after it expired, so that is 31 days from now. Then
   * they are dropped. `retireNow` (a key that leaked) drops them at once: every token they signed
   * stops working, and users need new ones from createToken. Null when the project does not exist.
   */
  async rotateSigningKey(projectId: string, opts: { retireNow?: boolean } = {}): Promise<SigningKeyRotation | null> {
    const at = Date.now();
    const retiresAt = isoAt(
      opts.retireNow ? at : at + (LIMITS.tokenLifetimeSeconds + LIMITS.refreshWindowSeconds) * 1000,
    );
    const key = await this.#newSigningKey(projectId, isoAt(at));
    return this.store.transaction(async () => {
      if (!(await this.store.projects.find(projectId))) return null;
      const previous = await this.store.projects.retireSigningKeys(projectId, retiresAt);
      await this.store.projects.insertSigningKey(key);
      return {
        project_id: projectId,
        kid: key.kid,
        previous_kids: previous.sort(),
        previous_keys_retire_at: retiresAt,
      };
    });
  }

  /** Forgets signing keys whose retirement time has passed. */
  pruneSigningKeys(now: number = Date.now()): Promise<void> {
    return this.store.projects.deleteRetiredSigningKeys(isoAt(now));
  }

  /**
   * The secret for an api key presented with a project id, or null when the key is unknown,
   * expired, or of another project: callers must not learn which.
   */
  async secretFor(apiKey: string, projectId: string): Promise<string | null> {
    const key = await this.store.projects.findApiKey(apiKey);
    if (!key || key.project_id !== projectId) return null;
    if (key.expires_at !== null && key.expires_at <= nowIso()) return null;
    return this.#secrets.secret(key.secret_sealed, (sealed) => this.box.open(sealed));
  }
}
