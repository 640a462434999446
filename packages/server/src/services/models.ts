/** The shapes the API returns. Services build them from store rows; routes serialise them as they are. */

export type RoomType = 'direct' | 'group';
export type RoomStatus = 'open' | 'resolved';
export type ContentType = 'text' | 'image' | 'file' | 'system' | 'custom';
export type JsonObject = Record<string, unknown>;

export interface Room {
  room_id: string;
  type: RoomType;
  name: string | null;
  status: RoomStatus;
  metadata: JsonObject;
  participants: string[];
  participant_count: number;
  message_count: number;
  last_seq: number;
  created_at: string;
  updated_at: string;
  last_message_at: string | null;
}

/**
 * A room without its participant list: what events about a room carry when its members did not
 * change, or changed by one (the list of a large room would make every such event as large as it).
 */
export type RoomSummary = Omit<Room, 'participants'>;

export interface Message {
  message_id: string;
  room_id: string;
  seq: number;
  sender_id: string;
  /** Empty once redacted. */
  content: string;
  content_type: ContentType;
  /** `{}` once redacted. */
  metadata: JsonObject;
  created_at: string;
  /** Only on a redacted message: when its content and metadata were erased. */
  redacted_at?: string;
  /** Only on an edited message: when its content or metadata last changed. */
  edited_at?: string;
  /** Only on a deleted message (content '', metadata {}, no reactions, mentions or pin). */
  deleted_at?: string;
  /** Only on a reply: the root message of its thread. */
  parent_id?: string;
  /** Only on a thread root with replies. */
  reply_count?: number;
  last_reply_at?: string;
  /** Only when someone reacted: how many users reacted with each type. */
  reactions?: Record<string, number>;
  /** Only through /v1/me, on a message with reactions: the types that are the asking user's. */
  own_reactions?: string[];
  /** Only when the message mentions someone: their user ids. */
  mentions?: string[];
  /** Only on a pinned message. */
  pinned_at?: string;
  pinned_by?: string;
}

export type UserRole = 'user' | 'agent';

/** An end user as their backend described them (auth.createToken, PATCH /v1/users/…). */
export interface User {
  user_id: string;
  name: string | null;
  role: UserRole;
  /** What createToken calls `user_info`; `{}` when none. */
  info: JsonObject;
  /** When the user was first issued a token (since they were last deleted). */
  created_at: string;
  updated_at: string;
}

/** What DELETE /v1/users/… did. */
export interface UserDeletion {
  user_id: string;
  deleted_at: string;
  /** Rooms the user was taken out of. */
  rooms_left: number;
  /** Of those, rooms deleted because the user was the last participant. */
  rooms_deleted: number;
  /** Messages whose content was erased (0 unless redact_messages). */
  messages_redacted: number;
}

export interface Page<T> {
  data: T[];
  next_cursor: string | null;
  has_more: boolean;
}

export interface ProjectCredentials {
  project_id: string;
  api_key: string;
  secret_key: string;
}

export const EVENT_TYPES = [
  'message.created',
  'room.created',
  'room.updated',
  'room.deleted',
  'participant.added',
  'participant.removed',
  'messages.redacted',
  'message.updated',
  'message.deleted',
  'reaction.added',
  'reaction.removed',
  'message.pinned',
  'message.unpinned',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** A change, as webhooks deliver it (and realtime will). `id` is stable across redeliveries. */
export interface ChatEvent {
  id: string;
  type: EventType;
  timestamp: string;
  project_id: string;
  data: Record<string, unknown>;
}

export interface WebhookEndpoint {
  endpoint_id: string;
  url: string;
  description: string | null;
  /** null: every event type. */
  event_types: EventType[] | null;
  enabled: boolean;
  disabled_reason: string | null;
  failing_since: string | null;
  created_at: string;
  updated_at: string;
}

/** Who a backend request acts for, established by the signature check. */
export interface ProjectContext {
  projectId: string;
}
