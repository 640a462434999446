/**
 * What a message row says about the message's life after it was sent (edited, deleted, replies,
 * reactions, mentions, pin), as the optional fields of `Message`: each present only when it
 * holds something, so a message nobody touched looks exactly as it always did.
 */
import type { MessageRow } from '../store/messages.store.js';
import type { Message } from './models.js';

type State = Pick<
  Message,
  | 'edited_at'
  | 'deleted_at'
  | 'parent_id'
  | 'reply_count'
  | 'last_reply_at'
  | 'reactions'
  | 'mentions'
  | 'pinned_at'
  | 'pinned_by'
>;

export function messageState(row: MessageRow): State {
  const reactions = JSON.parse(row.reactions ?? '{}') as Record<string, number>;
  const mentions = JSON.parse(row.mentions ?? '[]') as string[];
  const replies = Number(row.reply_count ?? 0);
  return {
    ...(row.edited_at && { edited_at: row.edited_at }),
    ...(row.deleted_at && { deleted_at: row.deleted_at }),
    ...(row.parent_id && { parent_id: row.parent_id }),
    ...(replies > 0 && { reply_count: replies, last_reply_at: row.last_reply_at! }),
    ...(Object.keys(reactions).length > 0 && { reactions }),
    ...(mentions.length > 0 && { mentions }),
    ...(row.pinned_at && { pinned_at: row.pinned_at, pinned_by: row.pinned_by! }),
  };
}

/** The state columns of a message just sent. */
export const NEW_MESSAGE_STATE = {
  edited_at: null,
  deleted_at: null,
  change_seq: 0,
  parent_id: null,
  reply_count: 0,
  last_reply_at: null,
  pinned_at: null,
  pinned_by: null,
  reactions: '{}',
  mentions: '[]',
} satisfies Partial<MessageRow>;
