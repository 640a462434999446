/** Idempotency keys: claimed first, completed with the response in the same transaction as the effect. */
import type { Selectable } from 'kysely';
import type { Executor } from './store.js';
import type { IdempotencyKeysTable } from './schema.js';

export type IdempotencyRow = Selectable<IdempotencyKeysTable>;

export class IdempotencyStore {
  constructor(private readonly db: Executor) {}

  /**
   * Inserts the key unless it exists. On PostgreSQL a concurrent claim of the same key waits
   * here until the first transaction ends, so the loser sees the winner's stored response.
   */
  async claim(projectId: string, key: string, fingerprint: string, at: string): Promise<boolean> {
    const result = await this.db()
      .insertInto('idempotency_keys')
      .values({ project_id: projectId, key, fingerprint, status_code: null, response_body: null, created_at: at })
      .onConflict((oc) => oc.columns(['project_id', 'key']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
  }

  find(projectId: string, key: string): Promise<IdempotencyRow | undefined> {
    return this.db()
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('key', '=', key)
      .executeTakeFirst();
  }

  async complete(projectId: string, key: string, statusCode: number, responseBody: string): Promise<void> {
    await this.db()
      .updateTable('idempotency_keys')
      .set({ status_code: statusCode, response_body: responseBody })
      .where('project_id', '=', projectId)
      .where('key', '=', key)
      .execute();
  }

  async pruneOlderThan(cutoff: string): Promise<void> {
    await this.db().deleteFrom('idempotency_keys').where('created_at', '<', cutoff).execute();
  }
}
