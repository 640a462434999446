/** Reactions: one row per user, message and reaction type. */
import type { Executor } from './store.js';

export interface ReactionKey {
  message_id: string;
  user_id: string;
  type: string;
}

export class ReactionsStore {
  constructor(private readonly db: Executor) {}

  /** Adds the reaction; false when the user already had it. */
  async add(key: ReactionKey & { project_id: string; room_id: string; created_at: string }): Promise<boolean> {
    const rows = await this.db()
      .insertInto('message_reactions')
      .values(key)
      .onConflict((oc) => oc.columns(['message_id', 'user_id', 'type']).doNothing())
      .returning('type')
      .execute();
    return rows.length > 0;
  }

  /** Removes the reaction; false when the user did not have it. */
  async remove(key: ReactionKey): Promise<boolean> {
    const result = await this.db()
      .deleteFrom('message_reactions')
      .where('message_id', '=', key.message_id)
      .where('user_id', '=', key.user_id)
      .where('type', '=', key.type)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async removeAll(messageId: string): Promise<void> {
    await this.db().deleteFrom('message_reactions').where('message_id', '=', messageId).execute();
  }

  /** How many users reacted with each type, types in the order first used. */
  async counts(messageId: string): Promise<Record<string, number>> {
    const rows = await this.db()
      .selectFrom('message_reactions')
      .select((eb) => ['type', eb.fn.countAll().as('count'), eb.fn.min('created_at').as('first')])
      .where('message_id', '=', messageId)
      .groupBy('type')
      .orderBy('first')
      .orderBy('type')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.type, Number(r.count)]));
  }

  /** The types the user reacted with, per message. */
  async ofUser(userId: string, messageIds: readonly string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (messageIds.length === 0) return out;
    const rows = await this.db()
      .selectFrom('message_reactions')
      .select(['message_id', 'type'])
      .where('user_id', '=', userId)
      .where('message_id', 'in', messageIds)
      .orderBy('created_at')
      .execute();
    for (const r of rows) out.set(r.message_id, [...(out.get(r.message_id) ?? []), r.type]);
    return out;
  }
}
