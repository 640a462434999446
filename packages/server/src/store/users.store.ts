/** End users as their backend last described them (createToken records them). */
import type { Executor } from './store.js';

export interface UserUpsert {
  project_id: string;
  user_id: string;
  name: string | null;
  role: string;
  user_info: string | null;
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

  async upsert(u: UserUpsert): Promise<void> {
    await this.db()
      .insertInto('users')
      .values({
        project_id: u.project_id,
        user_id: u.user_id,
        name: u.name,
        role: u.role,
        user_info: u.user_info,
        created_at: u.at,
        updated_at: u.at,
      })
      .onConflict((oc) =>
        oc.columns(['project_id', 'user_id']).doUpdateSet({
          name: u.name,
          role: u.role,
          user_info: u.user_info,
          updated_at: u.at,
        }),
      )
      .execute();
  }
}
