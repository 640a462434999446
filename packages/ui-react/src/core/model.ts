/**
 * The message model the components render. It is the SDK's `Message` plus the fields the
 * message-features work (edit, delete, reactions, threads, mentions) and attachments add to the
 * wire format, all optional: a server that does not send them yet renders exactly as before, and
 * one that does is shown without a change here. Helpers read those fields tolerantly (a reaction
 * summary as a map or as a list) so the components never touch raw shapes.
 */
import type { Message, OiChatError } from '@oichat/sdk';

export interface Attachment {
  attachment_id: string;
  name: string;
  mime_type: string;
  size: number;
  url?: string | null;
  width?: number | null;
  height?: number | null;
  thumbnail?: string | null;
}

/** A reaction type with its count, and whether the current user is one of those who reacted. */
export interface ReactionSummary {
  type: string;
  count: number;
  mine: boolean;
}

export interface ChatMessage
  extends Omit<
    Message,
    'edited_at' | 'deleted_at' | 'reactions' | 'parent_id' | 'reply_count' | 'last_reply_at' | 'mentions'
  > {
  edited_at?: string | null;
  deleted_at?: string | null;
  /** Count per reaction type (`{ "👍": 2 }`), or a list of `{ type, count, me? }`. */
  reactions?: Record<string, number> | { type: string; count: number; me?: boolean; mine?: boolean }[] | null;
  /** The reaction types that are the current user's (as `/v1/me` reads return them). */
  my_reactions?: string[] | null;
  parent_id?: string | null;
  reply_count?: number | null;
  last_reply_at?: string | null;
  mentions?: string[] | null;
  attachments?: Attachment[] | null;
}

/** Where one of my messages is. A message by someone else is always `sent`. */
export type DeliveryState = 'sending' | 'sent' | 'failed';

/** A message as a timeline holds it: stored ones and my sends not yet answered alike. */
export interface TimelineMessage {
  /** Stable across the send: a pending message and the stored one it becomes share this key. */
  key: string;
  message: ChatMessage;
  state: DeliveryState;
  /** The final error of a failed send (a 4xx: the message is not stored; retry or discard). */
  error?: OiChatError | Error | undefined;
}

export const isSystem = (m: ChatMessage): boolean => m.content_type === 'system';
export const isDeleted = (m: ChatMessage): boolean => m.deleted_at != null;
export const isEdited = (m: ChatMessage): boolean => m.edited_at != null && m.deleted_at == null;

export function reactionsOf(m: ChatMessage): ReactionSummary[] {
  const raw = m.reactions;
  if (!raw || isDeleted(m)) return [];
  const mine = new Set(m.own_reactions ?? m.my_reactions ?? []);
  const list = Array.isArray(raw)
    ? raw.map((r) => ({ type: r.type, count: r.count, mine: Boolean(r.me ?? r.mine) || mine.has(r.type) }))
    : Object.entries(raw).map(([type, count]) => ({ type, count, mine: mine.has(type) }));
  return list.filter((r) => typeof r.type === 'string' && r.count > 0);
}

export const replyCountOf = (m: ChatMessage): number => (isDeleted(m) ? 0 : Math.max(0, m.reply_count ?? 0));
export const attachmentsOf = (m: ChatMessage): Attachment[] => (isDeleted(m) ? [] : (m.attachments ?? []));
