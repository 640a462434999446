/**
 * Finding a message for whoever asks: the backend sees every message of its project; an end user
 * only those of live rooms they belong to, and to anyone else a message does not exist (404, as
 * a room they are not in).
 */
import { errors } from '../errors/app-error.js';
import type { MessageRow } from '../store/messages.store.js';
import type { Store } from '../store/store.js';
import type { AttachmentsService } from './attachments.service.js';
import type { Message, ProjectContext } from './models.js';

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

/**
 * The messages with the uploads they sent (fresh URLs), as history shows them; a deleted
 * message shows none: its files went with its content.
 */
export async function withFiles(attachments: AttachmentsService, messages: Message[]): Promise<Message[]> {
  const live = messages.filter((m) => m.deleted_at === undefined);
  if (live.length === 0) return messages;
  const shown = new Map((await attachments.withAttachments(live)).map((m) => [m.message_id, m]));
  return messages.map((m) => shown.get(m.message_id) ?? m);
}
