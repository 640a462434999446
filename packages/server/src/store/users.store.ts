/** End users as their backend last described them (createToken records them). */
import type { Executor } from './store.js';

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

export class UsersStore {
  constructor(private readonly db: Executor) {}

  find(projectId: string, userId: string) {
    return this.db()
      .selectFrom('users')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
  }

  /** Raises the user's token version (creating the user if need be); older tokens stop working. */
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

  async upsert(u: UserUpsert): Promise<void> {
    await this.db()
      .insertInto('users')
      .values({
        project_id: u.project_id,
        user_id: u.user_id,
        name: u.name ?? null,
        role: u.role,
        user_info: u.user_info ?? null,
        created_at: u.at,
        updated_at: u.at,
      })
      .onConflict((oc) =>
        oc.columns(['project_id', 'user_id']).doUpdateSet({
          ...(u.name !== undefined && { name: u.name }),
          role: u.role,
          ...(u.user_info !== undefined && { user_info: u.user_info }),
          updated_at: u.at,
        }),
      )
      .execute();
  }
}
