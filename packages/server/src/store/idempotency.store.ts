/**
 * Idempotency keys, written in the same transaction as the effect: claimed first and completed
 * with the response (PostgreSQL), or written once with it (SQLite: IdempotencyService).
 */
import type { Selectable } from 'kysely';
import type { Executor } from './store.js';
import { prepared } from './prepared.js';
import type { IdempotencyKeysTable } from './schema.js';

export type IdempotencyRow = Selectable<IdempotencyKeysTable>;

// Every idempotent POST runs these (prepared.ts).
const claimKey = prepared((db, p: { projectId: string; key: string; fingerprint: string; at: string }) =>
  db
    .insertInto('idempotency_keys')
    .values({
      project_id: p.projectId,
      key: p.key,
      fingerprint: p.fingerprint,
      status_code: null,
      response_body: null,
      created_at: p.at,
    })
    .onConflict((oc) => oc.columns(['project_id', 'key']).doNothing()),
);
const insertCompletedKey = prepared(
  (
    db,
    p: { projectId: string; key: string; fingerprint: string; at: string; statusCode: number; responseBody: string },
  ) =>
    db.insertInto('idempotency_keys').values({
      project_id: p.projectId,
      key: p.key,
      fingerprint: p.fingerprint,
      status_code: p.statusCode,
      response_body: p.responseBody,
      created_at: p.at,
    }),
);
const completeKey = prepared((db, p: { projectId: string; key: string; statusCode: number; responseBody: string }) =>
  db
    .updateTable('idempotency_keys')
    .set({ status_code: p.statusCode, response_body: p.responseBody })
    .where('project_id', '=', p.projectId)
    .where('key', '=', p.key),
);
// SQLite reads the key before every idempotent write (IdempotencyService).
const findKey = prepared((db, p: { projectId: string; key: string }) =>
  db.selectFrom('idempotency_keys').selectAll().where('project_id', '=', p.projectId).where('key', '=', p.key),
);

export class IdempotencyStore {
  constructor(private readonly db: Executor) {}

  /**
   * Inserts the key unless it exists. On PostgreSQL a concurrent claim of the same key waits
   * here until the first transaction ends, so the loser sees the winner's stored response.
   */
  async claim(projectId: string, key: string, fingerprint: string, at: string): Promise<boolean> {
    const result = await claimKey(this.db(), { projectId, key, fingerprint, at });
    return Number(result.numAffectedRows ?? 0n) === 1;
  }

  async find(projectId: string, key: string): Promise<IdempotencyRow | undefined> {
    const { rows } = await findKey(this.db(), { projectId, key });
    return rows[0];
  }

  /** The key with its outcome in one write, where writes run one at a time (SQLite). */
  async insertCompleted(
    projectId: string,
    key: string,
    fingerprint: string,
    at: string,
    statusCode: number,
    responseBody: string,
  ): Promise<void> {
    await insertCompletedKey(this.db(), { projectId, key, fingerprint, at, statusCode, responseBody });
  }

  async complete(projectId: string, key: string, statusCode: number, responseBody: string): Promise<void> {
    await completeKey(this.db(), { projectId, key, statusCode, responseBody });
  }

  async pruneOlderThan(cutoff: string): Promise<void> {
    await this.db().deleteFrom('idempotency_keys').where('created_at', '<', cutoff).execute();
  }
}
