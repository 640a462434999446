/** Projects, their api keys (secrets sealed) and their JWT signing keys. */
import { sql, type Selectable } from 'kysely';
import type { Dialect, Executor } from './store.js';
import type { ApiKeysTable, ProjectsTable, SigningKeysTable } from './schema.js';
import { prepared } from './prepared.js';

export type ProjectRow = Selectable<ProjectsTable>;
export type ApiKeyRow = Selectable<ApiKeysTable>;
export type SigningKeyRow = Selectable<SigningKeysTable>;

/** Any fixed number: the advisory lock nodes take to decide which of them creates the first project. */
const FIRST_PROJECT_LOCK = 0x01c4a7;

const findApiKey = prepared((db, p: { apiKey: string }) =>
  db.selectFrom('api_keys').selectAll().where('api_key', '=', p.apiKey),
);

export class ProjectsStore {
  constructor(
    private readonly db: Executor,
    private readonly dialect: Dialect,
  ) {}

  /**
   * Serializes "create a project if there is none" for the rest of the transaction, so nodes
   * starting at once on an empty PostgreSQL database make one project, not one each. (A SQLite
   * file has one writer; a second process racing it fails rather than duplicates.)
   */
  async lockFirstProject(): Promise<void> {
    if (this.dialect === 'postgres') await sql`select pg_advisory_xact_lock(${FIRST_PROJECT_LOCK})`.execute(this.db());
  }

  async insert(project: { project_id: string; name: string; created_at: string }): Promise<void> {
    await this.db().insertInto('projects').values(project).execute();
  }

  /**
   * Takes the project's row lock for the rest of the transaction (PostgreSQL; SQLite has one
   * writer anyway), so check-then-insert rules such as "one direct room per pair" hold under
   * concurrent requests on several nodes.
   */
  async lock(projectId: string): Promise<void> {
    await this.db()
      .updateTable('projects')
      .set((eb) => ({ activity_seq: eb.ref('activity_seq') }))
      .where('project_id', '=', projectId)
      .execute();
  }

  find(projectId: string): Promise<ProjectRow | undefined> {
    return this.db().selectFrom('projects').selectAll().where('project_id', '=', projectId).executeTakeFirst();
  }

  list(): Promise<ProjectRow[]> {
    return this.db().selectFrom('projects').selectAll().orderBy('created_at').orderBy('project_id').execute();
  }

  async count(): Promise<number> {
    const row = await this.db()
      .selectFrom('projects')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async insertApiKey(key: ApiKeyRow): Promise<void> {
    await this.db().insertInto('api_keys').values(key).execute();
  }

  /** Read by every signed request (prepared.ts). */
  async findApiKey(apiKey: string): Promise<ApiKeyRow | undefined> {
    return (await findApiKey(this.db(), { apiKey })).rows[0];
  }

  apiKeys(projectId: string): Promise<ApiKeyRow[]> {
    return this.db()
      .selectFrom('api_keys')
      .selectAll()
      .where('project_id', '=', projectId)
      .orderBy('created_at')
      .execute();
  }

  /** Gives every current key of the project an expiry (the rotation grace period). */
  async retireCurrentKeys(projectId: string, expiresAt: string): Promise<void> {
    await this.db()
      .updateTable('api_keys')
      .set({ expires_at: expiresAt })
      .where('project_id', '=', projectId)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', expiresAt)]))
      .execute();
  }

  async insertSigningKey(key: SigningKeyRow): Promise<void> {
    await this.db().insertInto('signing_keys').values(key).execute();
  }

  findSigningKey(kid: string): Promise<SigningKeyRow | undefined> {
    return this.db().selectFrom('signing_keys').selectAll().where('kid', '=', kid).executeTakeFirst();
  }

  /** The project's keys still in use at `now` (current, or retired later), newest first. */
  signingKeys(projectId: string, now: string = new Date().toISOString()): Promise<SigningKeyRow[]> {
    return this.db()
      .selectFrom('signing_keys')
      .selectAll()
      .where('project_id', '=', projectId)
      .where((eb) => eb.or([eb('retires_at', 'is', null), eb('retires_at', '>', now)]))
      .orderBy('created_at', 'desc')
      .orderBy('kid', 'desc')
      .execute();
  }

  /** Gives the project's current signing keys (and any retiring later) the retirement time `at`. */
  async retireSigningKeys(projectId: string, at: string): Promise<string[]> {
    const rows = await this.db()
      .updateTable('signing_keys')
      .set({ retires_at: at })
      .where('project_id', '=', projectId)
      .where((eb) => eb.or([eb('retires_at', 'is', null), eb('retires_at', '>', at)]))
      .returning('kid')
      .execute();
    return rows.map((r) => r.kid);
  }

  /** Forgets keys retired before `now`: no token they signed can be used or refreshed any more. */
  async deleteRetiredSigningKeys(now: string): Promise<void> {
    await this.db().deleteFrom('signing_keys').where('retires_at', '<=', now).execute();
  }
}
