/**
 * What sending in a thread or with mentions checks and changes. A message sent with `parent_id`
 * replies in that message's thread, one level deep: a reply to a reply joins the same root.
 * Replies are messages of the room like any (a seq, delivered and resumed as such); the root
 * counts them (`reply_count`, `last_reply_at`), a change of the root under the room's next change
 * number. `mentions` name participants of the room; each mentioned user's unread-mentions count
 * grows until they read past the message.
 */
import { fieldError } from '../errors/app-error.js';
import type { MessageRow } from '../store/messages.store.js';
import type { Store } from '../store/store.js';
import type { ProjectContext } from './models.js';

/** The most users one message may mention. */
export const MAX_MENTIONS = 50;

/** The root a reply to `parentId` joins, held until the transaction ends; a 400 naming parent_id otherwise. */
export async function threadRoot(
  store: Store,
  ctx: ProjectContext,
  roomId: string,
  parentId: string,
): Promise<MessageRow> {
  let parent = await store.messageChanges.find(ctx.projectId, parentId, { lock: true });
  if (parent?.parent_id) parent = await store.messageChanges.find(ctx.projectId, parent.parent_id, { lock: true });
  if (!parent) throw fieldError('parent_id', 'exists', `message ${parentId} does not exist`);
  if (parent.room_id !== roomId) throw fieldError('parent_id', 'sameRoom', `message ${parentId} is in another room`);
  if (parent.deleted_at !== null) throw fieldError('parent_id', 'notDeleted', `message ${parentId} was deleted`);
  return parent;
}

/** The mentioned user ids without repeats; a 400 naming the first that is not a participant. */
export async function checkMentions(
  store: Store,
  roomId: string,
  mentions: readonly string[] | undefined,
): Promise<string[]> {
  const unique = [...new Set(mentions ?? [])];
  if (unique.length > MAX_MENTIONS) throw fieldError('mentions', 'maxItems', `must name at most ${MAX_MENTIONS} users`);
  for (const userId of unique) {
    if (!(await store.rooms.isMember(roomId, userId))) {
      const at = (mentions ?? []).indexOf(userId);
      throw fieldError(`mentions.${at}`, 'participant', `user ${userId} is not a participant of the room`);
    }
  }
  return unique;
}

/** Counts a new reply on its root (a change of the root): the root as it is now, and the change number. */
export async function countReply(
  store: Store,
  ctx: ProjectContext,
  root: MessageRow,
  at: string,
): Promise<{ row: MessageRow; change_seq: number }> {
  const changeSeq = await store.messageChanges.nextChangeSeq(root.room_id);
  await store.messageChanges.update(root.message_id, {
    reply_count: Number(root.reply_count) + 1,
    last_reply_at: at,
    change_seq: changeSeq,
  });
  return {
    row: (await store.messageChanges.find(ctx.projectId, root.message_id))!,
    change_seq: changeSeq,
  };
}
