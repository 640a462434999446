/**
 * End users as their backend last described them (createToken records them, the users API
 * reads and changes them), and each user's token revocation counter, which outlives the user.
 */
import type { Selectable } from 'kysely';
import type { Executor } from './store.js';
import type { UsersTable } from './schema.js';

export type UserRow = Selectable<UsersTable>;

export interface UserUpsert {
  project_id: string;
  user_id: string;
  /** Omitted: a new user has none, a known one keeps what they had. */
  name?: string;
  role: string;
  /** JSON; omitted as for `name`. */
  user_info?: string;
  at: string;
}

/** Where a page of the users list ends: the last user shown. */
export interface UserPosition {
  issuedAt: string;
  userId: string;
}

export interface UserPatch {
  name?: string | null;
  role?: string;
  user_info?: string | null;
  updated_at: string;
}

export class UsersStore {
  constructor(private readonly db: Executor) {}

  /** The row whatever it holds (a user, or only a revocation counter). */
  find(projectId: string, userId: string): Promise<UserRow | undefined> {
    return this.db()
      .selectFrom('users')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
  }

  /** The user, when they were issued a token and not deleted since. */
  findIssued(projectId: string, userId: string): Promise<UserRow | undefined> {
    return this.db()
      .selectFrom('users')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('user_id', '=', userId)
      .where('issued_at', 'is not', null)
      .executeTakeFirst();
  }

  /** Users newest first (by first token, then id), after `after`, optionally of one role. */
  list(q: { projectId: string; role?: string | undefined; after?: UserPosition | undefined; limit: number }) {
    let query = this.db()
      .selectFrom('users')
      .selectAll()
      .where('project_id', '=', q.projectId)
      .where('issued_at', 'is not', null);
    if (q.role !== undefined) query = query.where('role', '=', q.role);
    const after = q.after;
    if (after)
      query = query.where((eb) =>
        eb.or([
          eb('issued_at', '<', after.issuedAt),
          eb.and([eb('issued_at', '=', after.issuedAt), eb('user_id', '<', after.userId)]),
        ]),
      );
    return query.orderBy('issued_at', 'desc').orderBy('user_id', 'desc').limit(q.limit).execute();
  }

  async update(projectId: string, userId: string, patch: UserPatch): Promise<void> {
    await this.db()
      .updateTable('users')
      .set(patch)
      .where('project_id', '=', projectId)
      .where('user_id', '=', userId)
      .execute();
  }

  /**
   * Turns a user into a bare revocation counter, one version up (so every token issued so far
   * stops working, and stays refused if the user is issued tokens again). Returns false when
   * there was no such user; on PostgreSQL a concurrent deletion of the same user waits here.
   */
  async markDeleted(projectId: string, userId: string, at: string): Promise<boolean> {
    const result = await this.db()
      .updateTable('users')
      .set((eb) => ({
        issued_at: null,
        name: null,
        user_info: null,
        role: 'user',
        token_version: eb('token_version', '+', 1),
        updated_at: at,
      }))
      .where('project_id', '=', projectId)
      .where('user_id', '=', userId)
      .where('issued_at', 'is not', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Raises the user's token version (creating the counter if need be); older tokens stop working. */
  async bumpTokenVersion(projectId: string, userId: string, at: string): Promise<void> {
    await this.db()
      .insertInto('users')
      .values({
        project_id: projectId,
        user_id: userId,
        name: null,
        role: 'user',
        user_info: null,
        token_version: 1,
        issued_at: null,
        created_at: at,
        updated_at: at,
      })
      .onConflict((oc) =>
        oc
          .columns(['project_id', 'user_id'])
          .doUpdateSet((eb) => ({ token_version: eb('users.token_version', '+', 1), updated_at: at })),
      )
      .execute();
  }

  async tokenVersion(projectId: string, userId: string): Promise<number> {
    const row = await this.find(projectId, userId);
    return Number(row?.token_version ?? 0);
  }

  /** Records a user a token is issued to; the first token since creation (or deletion) dates them. */
  async upsert(u: UserUpsert): Promise<void> {
    await this.db()
      .insertInto('users')
      .values({
        project_id: u.project_id,
        user_id: u.user_id,
        name: u.name ?? null,
        role: u.role,
        user_info: u.user_info ?? null,
        issued_at: u.at,
        created_at: u.at,
        updated_at: u.at,
      })
      .onConflict((oc) =>
        oc.columns(['project_id', 'user_id']).doUpdateSet((eb) => ({
          ...(u.name !== undefined && { name: u.name }),
          role: u.role,
          ...(u.user_info !== undefined && { user_info: u.user_info }),
          issued_at: eb.fn.coalesce('users.issued_at', eb.val(u.at)),
          updated_at: u.at,
        })),
      )
      .execute();
  }
}
