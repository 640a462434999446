/**
 * Finding a message for whoever asks: the backend sees every message of its project; an end user
 * only those of live rooms they belong to, and to anyone else a message does not exist (404, as
 * a room they are not in).
 */
import { errors } from '../errors/app-error.js';
import type { MessageRow } from '../store/messages.store.js';
import type { Store } from '../store/store.js';
import type { ProjectContext } from './models.js';

/** Who acts: the backend (null) or an end user. */
export type Actor = string | null;

export async function findMessage(
  store: Store,
  ctx: ProjectContext,
  messageId: string,
  actor: Actor,
  /** Hold the message until the transaction ends (what a change does before deciding). */
  lock = false,
): Promise<MessageRow> {
  const row = await store.messageChanges.find(ctx.projectId, messageId, { lock });
  if (!row) throw errors.messageNotFound(messageId);
  const room = await store.rooms.findLive(ctx.projectId, row.room_id);
  if (!room) throw errors.messageNotFound(messageId);
  if (actor !== null && !(await store.rooms.isMember(row.room_id, actor))) throw errors.messageNotFound(messageId);
  return row;
}

/** The types the user reacted with, on each message that has reactions (the /v1/me view). */
export async function withOwnReactions<T extends { message_id: string; reactions?: Record<string, number> }>(
  store: Store,
  userId: string,
  messages: T[],
): Promise<(T & { own_reactions?: string[] })[]> {
  const reacted = messages.filter((m) => m.reactions !== undefined).map((m) => m.message_id);
  if (reacted.length === 0) return messages;
  const own = await store.reactions.ofUser(userId, reacted);
  return messages.map((m) => (m.reactions ? { ...m, own_reactions: own.get(m.message_id) ?? [] } : m));
}
