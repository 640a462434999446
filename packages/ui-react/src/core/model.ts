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
  /** Images: a small WebP (the server's shape), or a URL. */
  thumbnail?: { url: string; width?: number; height?: number } | string | null;
  /** Images: a BlurHash whose average color is painted before anything loads. */
  blurhash?: string | null;
}

/** A reaction type with its count, and whether the current user is one of those who reacted. */
export interface ReactionSummary {
  type: string;
  count: number;
  mine: boolean;
}

/** The fields read tolerantly (older servers leave them out, some send null) are redeclared here. */
type Loose =
  | 'attachments'
  | 'edited_at'
  | 'deleted_at'
  | 'reactions'
  | 'own_reactions'
  | 'parent_id'
  | 'reply_count'
  | 'last_reply_at'
  | 'mentions';

export interface ChatMessage extends Omit<Message, Loose> {
  edited_at?: string | null;
  deleted_at?: string | null;
  /** Count per reaction type (`{ "👍": 2 }`), or a list of `{ type, count, me? }`. */
  reactions?: Record<string, number> | { type: string; count: number; me?: boolean; mine?: boolean }[] | null;
  /** The reaction types that are the current user's (as `/v1/me` reads return them). */
  own_reactions?: string[] | null;
  /** Older name of `own_reactions`, still read. */
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
export const isReply = (m: ChatMessage): boolean => m.parent_id != null;

/**
 * The message as it is once I add (or take back) a reaction, before the server answers: counts
 * and `own_reactions` moved by one, so the chip changes on the click.
 */
export function withMyReaction(m: ChatMessage, type: string, add: boolean): ChatMessage {
  const counts: Record<string, number> = {};
  for (const r of reactionsOf(m)) counts[r.type] = r.count;
  const mine = new Set(
    reactionsOf(m)
      .filter((r) => r.mine)
      .map((r) => r.type),
  );
  if (mine.has(type) === add) return m;
  counts[type] = Math.max(0, (counts[type] ?? 0) + (add ? 1 : -1));
  if (counts[type] === 0) delete counts[type];
  if (add) mine.add(type);
  else mine.delete(type);
  return { ...m, reactions: counts, own_reactions: [...mine], my_reactions: undefined };
}

export const thumbnailOf = (a: Attachment): string | undefined =>
  typeof a.thumbnail === 'string' ? a.thumbnail : (a.thumbnail?.url ?? undefined);

/**
 * A stored message after a change to it: the new one as the server sent it, with which
 * reactions are mine carried over (events for everyone do not say), moved when the change is my
 * own reaction, and kept to the types still counted.
 */
export function mergeChange(old: ChatMessage, next: ChatMessage, mine?: { type: string; add: boolean }): ChatMessage {
  let own = next.own_reactions ?? old.own_reactions ?? old.my_reactions ?? [];
  if (mine) own = mine.add ? [...new Set([...own, mine.type])] : own.filter((t) => t !== mine.type);
  const counted = new Set(reactionsOf({ ...next, own_reactions: [] }).map((r) => r.type));
  own = own.filter((t) => counted.has(t));
  const merged: ChatMessage = { ...next, my_reactions: undefined, own_reactions: own.length > 0 ? own : undefined };
  // A reply's root changes (its count) in events that may not repeat what a page said about it.
  if (next.attachments === undefined && old.attachments) merged.attachments = old.attachments;
  return merged;
}
