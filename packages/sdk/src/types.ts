/**
 * Shapes of the end-user API (docs/realtime.md, docs/http-api.md) and of the client's options.
 * Field names stay snake_case on purpose: they are the wire format, so what the docs say is what
 * you type here, with no mapping layer to drift.
 */
import type { OiChatError } from './errors.js';

/** Free-form JSON object attached to rooms and messages (≤ 8 KB as JSON). */
export type Metadata = Record<string, unknown>;

// ---------------------------------------------------------------- resources

export interface Room {
  room_id: string;
  type: 'direct' | 'group';
  name: string | null;
  status: 'open' | 'resolved';
  metadata: Metadata;
  /** User ids, in the order they joined. */
  participants: string[];
  participant_count: number;
  message_count: number;
  /** `seq` of the newest message, 0 when none. */
  last_seq: number;
  created_at: string;
  updated_at: string;
  last_message_at: string | null;
}

/**
 * A room without its participant list, as `room.updated` and `participant.added` events carry it
 * (their size must not grow with the room's); `client.rooms.get()` has the members.
 */
export type RoomSummary = Omit<Room, 'participants'>;

export type ContentType = 'text' | 'image' | 'file' | 'system' | 'custom';

export interface Message {
  message_id: string;
  room_id: string;
  /** Numbers a room's messages 1, 2, 3, … with no gap and no repeat. */
  seq: number;
  sender_id: string;
  /** `""` once redacted. */
  content: string;
  content_type: ContentType;
  /** `{}` once redacted. */
  metadata: Metadata;
  created_at: string;
  /** Only on a redacted message (its sender was deleted with their messages): when it was erased. */
  redacted_at?: string;
  /** Only on an edited message: when its content or metadata last changed. */
  edited_at?: string;
  /** Only on a deleted message (content `""`, metadata `{}`, no reactions, mentions or pin). */
  deleted_at?: string;
  /** Only on a thread reply: the root message of its thread. */
  parent_id?: string;
  /** Only on a thread root with replies. */
  reply_count?: number;
  /** With `reply_count`: when the last reply came. */
  last_reply_at?: string;
  /** Only when someone reacted: how many users reacted with each type. */
  reactions?: Record<string, number>;
  /** With `reactions`, on what the REST API and a resume return: the types that are mine. */
  own_reactions?: string[];
  /** Only when the message mentions users. */
  mentions?: string[];
  /** Only on a pinned message. */
  pinned_at?: string;
  /** With `pinned_at`: who pinned it (`"system"`: the backend). */
  pinned_by?: string;
  /** `image` and `file` messages that sent uploads: their descriptions, with fresh signed URLs. */
  attachments?: Attachment[];
}

/** An uploaded file (`attachments.upload`), as the server describes it. */
export interface Attachment {
  attachment_id: string;
  room_id: string;
  name: string;
  /** The type the server found in the bytes (never the declared one). */
  mime_type: string;
  size: number;
  /** Hex SHA-256 of the bytes served. */
  sha256: string;
  /** Images: pixels, orientation applied. Lay the image out at this ratio before it loads. */
  width?: number;
  height?: number;
  /** Images: a BlurHash placeholder to paint while it loads. */
  blurhash?: string;
  /** Images: a WebP at most 320 px on its longer side. */
  thumbnail?: { url: string; width: number; height: number; mime_type: 'image/webp' };
  /** Signed download URL (usable as an `<img src>` or a link) until `url_expires_at`; history hands out fresh ones. */
  url: string;
  url_expires_at: string;
  /** The user who uploaded it; `null` when the backend did. */
  uploader_id: string | null;
  /** The message that sent it; `null` while unsent. */
  message_id: string | null;
  created_at: string;
}

export interface UploadProgress {
  /** Bytes sent so far. */
  loaded: number;
  /** Bytes to send. */
  total: number;
}

export interface UploadOptions {
  /** The name recipients see; defaults to the File's own name (required for a plain Blob or bytes). */
  name?: string | undefined;
  /**
   * Called as the bytes go out (in browsers, through XMLHttpRequest's upload events); where only
   * fetch exists (Node), once at the start and once when all was sent.
   */
  onProgress?: ((progress: UploadProgress) => void) | undefined;
  /** Cancels the upload; the promise rejects with an `OiChatError` of code `aborted`. */
  signal?: AbortSignal | undefined;
}

/** A page of a cursor-paged list. */
export interface Page<T> {
  data: T[];
  /** Pass back as `cursor` for the next page; `null` on the last one. */
  next_cursor: string | null;
  has_more: boolean;
}

/** A slice of a room's history, always in ascending `seq`. */
export interface MessageHistory {
  data: Message[];
  /** Whether more messages lie further in the direction read (after the last with `after`, before the first otherwise). */
  has_more: boolean;
}

export interface ListRoomsParams {
  /** 1–100, default 20. */
  limit?: number | undefined;
  cursor?: string | undefined;
}

export interface ListMessagesParams {
  /** The first `limit` messages with `seq > after` (0 reads from the start). */
  after?: number | undefined;
  /** The last `limit` messages with `seq < before`. Not together with `after`. */
  before?: number | undefined;
  /** 1–100, default 50. */
  limit?: number | undefined;
  /** `false`: the main timeline only, thread replies left out. */
  thread?: boolean | undefined;
}

export interface ListRepliesParams {
  after?: number | undefined;
  before?: number | undefined;
  /** 1–100, default 50. */
  limit?: number | undefined;
}

export interface EditMessageParams {
  content: string;
  /** Replaced whole when given. */
  metadata?: Metadata | undefined;
}

export interface SearchMessagesParams {
  /** 1–200 characters, at most 10 words; each word matches as a substring (A–Z in either case, other characters as written). */
  query: string;
  /** Only this room (one of mine). */
  room_id?: string | undefined;
  /** 1–100, default 20. */
  limit?: number | undefined;
  cursor?: string | undefined;
}

/** A room's pinned messages, newest pin first (at most 100). */
export interface PinnedMessages {
  data: Message[];
  has_more: boolean;
}

export interface SendMessageParams {
  /**
   * 1–10 000 characters. For `image` and `file`: a caption when `attachments` are sent (then it
   * may be left out), else the file's `https://` URL (`http://` only to a loopback host).
   */
  content?: string | undefined;
  /** For `image` and `file`: 1–10 ids from `attachments.upload`, uploaded to this room by you and not sent yet. */
  attachments?: string[] | undefined;
  /** Default `text`. (`system` is for backends only.) */
  content_type?: Exclude<ContentType, 'system'> | undefined;
  metadata?: Metadata | undefined;
  /**
   * Your id for this message (≤ 64 visible ASCII). Generated when omitted. A repeat returns the
   * first message instead of a new one, which is what makes the SDK's retries safe.
   */
  client_msg_id?: string | undefined;
  /** Reply in the thread of this message of the room. */
  parent_id?: string | undefined;
  /** Participants of the room the message mentions. */
  mentions?: string[] | undefined;
}

export interface ReadReceipt {
  room_id: string;
  user_id: string;
  last_read_seq: number;
}

export interface UnreadCount {
  room_id: string;
  last_seq: number;
  last_read_seq: number;
  unread_count: number;
  /** Unread messages that mention me. */
  unread_mentions: number;
}

/** One broken rule of a `validation_failed` error. */
export interface ErrorDetail {
  field?: string;
  rule?: string;
  message?: string;
  [key: string]: unknown;
}

// ---------------------------------------------------------------- realtime events

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

export interface ReadyEvent {
  user_id: string;
  connection_id: string;
  /** Every room the user is in, with its newest seq and its last change number at the time of connecting. */
  rooms: { room_id: string; last_seq: number; last_change_seq: number }[];
  /**
   * Users sharing a room with this one who are connected right now (presence events then tell
   * the changes). Sent by the server although docs/realtime.md does not list it yet: `[]` when absent.
   */
  online_users: string[];
  /**
   * True when this is not the first connection of this client: messages missed meanwhile are
   * replayed right after, for the rooms it knew. A room in `rooms` that the application did not
   * know was joined while offline; its history is not replayed (read it with messages.list).
   */
  resumed: boolean;
}

export interface MessageCreatedEvent {
  room_id: string;
  message: Message;
  /**
   * Present when the message comes in a state changes left it in (a replay after a reconnect, or
   * a change made before it reached this client): the room's change number of the latest. No
   * change event follows for it; the SDK counts it as seen.
   */
  change_seq?: number;
}

/**
 * A message changed. `change_seq` numbers the room's changes in order; the SDK passes each on
 * once, and on a reconnect the server replays the ones missed (each changed message once, in
 * its latest state, as `message.updated` or `message.deleted`).
 */
export interface MessageChangedEvent {
  room_id: string;
  /** The message as it is now (for a reply arriving, its thread root with the new `reply_count`). */
  message: Message;
  change_seq: number;
}
export interface ReactionEvent extends MessageChangedEvent {
  message_id: string;
  user_id: string;
  /** The reaction type added or removed. */
  reaction: string;
  reactions: Record<string, number>;
}
export interface MessagePinnedEvent extends MessageChangedEvent {
  pinned_by: string;
}
export interface MessageUnpinnedEvent extends MessageChangedEvent {
  unpinned_by: string;
}
export interface RoomCreatedEvent {
  room: Room;
}
export interface RoomUpdatedEvent {
  room: RoomSummary;
}
export interface RoomDeletedEvent {
  room_id: string;
}
export interface ParticipantAddedEvent {
  room_id: string;
  user_id: string;
  room: RoomSummary;
}
export interface ParticipantRemovedEvent {
  room_id: string;
  user_id: string;
}
/**
 * Every message of `sender_id` in the room with a seq up to `up_to_seq` was erased (the sender
 * was deleted with their messages): blank the ones you show or keep. History reads return them
 * with `content: ""`, `metadata: {}` and `redacted_at`.
 */
export interface MessagesRedactedEvent {
  room_id: string;
  sender_id: string;
  up_to_seq: number;
  redacted_at: string;
}
export interface ReadEvent {
  room_id: string;
  user_id: string;
  seq: number;
}
export interface TypingEvent {
  room_id: string;
  user_id: string;
  state: 'start' | 'stop';
}
export interface PresenceEvent {
  user_id: string;
  state: 'online' | 'offline';
}
export interface ChannelEvent {
  channel: string;
  event: string;
  data: unknown;
}

export interface ConnectionStateEvent {
  state: ConnectionState;
  previous: ConnectionState;
  /** Close code of the socket that ended, when this change follows one. */
  code?: number | undefined;
  /** Close reason sent by the server, when any. */
  reason?: string | undefined;
  /** With `reconnecting`: the number of the next attempt (1 for the first retry) and its delay. */
  attempt?: number | undefined;
  delayMs?: number | undefined;
  /** With `disconnected` after a fatal close (revoked, unauthorized without tokenProvider, protocol error). */
  error?: OiChatError | undefined;
}

/** Every event `client.on()` accepts, with its payload. */
export interface OiChatEvents {
  'message.created': MessageCreatedEvent;
  'room.created': RoomCreatedEvent;
  'room.updated': RoomUpdatedEvent;
  'room.deleted': RoomDeletedEvent;
  'participant.added': ParticipantAddedEvent;
  'participant.removed': ParticipantRemovedEvent;
  'messages.redacted': MessagesRedactedEvent;
  'message.updated': MessageChangedEvent;
  'message.deleted': MessageChangedEvent;
  'reaction.added': ReactionEvent;
  'reaction.removed': ReactionEvent;
  'message.pinned': MessagePinnedEvent;
  'message.unpinned': MessageUnpinnedEvent;
  read: ReadEvent;
  typing: TypingEvent;
  presence: PresenceEvent;
  'channel.event': ChannelEvent;
  ready: ReadyEvent;
  'connection.state': ConnectionStateEvent;
  /** Something failed that no promise of yours is waiting for: a fatal close, a failed token refresh, an `error` frame. */
  error: OiChatError;
  /** The client now uses a new token (from `tokenProvider`). */
  'token.refreshed': { expires_at: string | null };
}

export type OiChatEventName = keyof OiChatEvents;

// ---------------------------------------------------------------- options

/** Why the SDK asks for a token. */
export type TokenRefreshReason =
  /** No token was given in the options. */
  | 'initial'
  /** The token's `exp` is near (proactive refresh). */
  | 'expiring'
  /** The server said `token_expired`. */
  | 'expired'
  /** The server rejected the token (`invalid_token`, `missing_token`, close 4001). */
  | 'unauthorized';

export type TokenProvider = (context: { reason: TokenRefreshReason }) => string | Promise<string>;

/**
 * The part of the WHATWG WebSocket the SDK uses; browsers', Node's global one and `ws` all fit.
 * Handler parameters are `any` on purpose: each implementation types its events differently
 * (`MessageEvent`, `ws.MessageEvent`…), and only `data`, `code` and `reason` are read.
 */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  // biome-ignore-start lint/suspicious/noExplicitAny: see above
  onopen: ((ev: any) => unknown) | null;
  onmessage: ((ev: any) => unknown) | null;
  onclose: ((ev: any) => unknown) | null;
  onerror: ((ev: any) => unknown) | null;
  // biome-ignore-end lint/suspicious/noExplicitAny: see above
}

export type WebSocketConstructor = new (url: string) => WebSocketLike;

export interface OiChatClientOptions {
  /** Server base URL, e.g. `https://chat.example.com`. */
  baseUrl: string;
  /** The user's JWT, from your backend's `auth.createToken`. */
  token?: string | undefined;
  /**
   * Returns a fresh token (normally by asking your backend). Called when there is no token, when
   * the token nears its `exp`, and when the server rejects it as expired or invalid.
   */
  tokenProvider?: TokenProvider | undefined;
  /** WebSocket constructor, for runtimes without a global one (Node < 22: pass `ws`). */
  WebSocket?: WebSocketConstructor | undefined;
  /** fetch implementation. Default: the global `fetch`. */
  fetch?: typeof fetch | undefined;
  /** Realtime URL. Default: `baseUrl` with ws(s):// and `/v1/realtime`. */
  realtimeUrl?: string | undefined;
  /** Reconnect backoff (full jitter): delay = random(0, min(cap, base · 2^attempt)). */
  reconnect?: { baseMs?: number | undefined; capMs?: number | undefined } | undefined;
  /** Ask `tokenProvider` this long before the token's `exp`. Default 60 000. */
  refreshBeforeExpiryMs?: number | undefined;
  /** Time limit of one REST request in ms. Default 15 000. */
  requestTimeoutMs?: number | undefined;
  /** Time allowed from opening a socket to its `ready` frame. Default 15 000. */
  handshakeTimeoutMs?: number | undefined;
  /** A ping is sent after this much silence on the socket… Default 25 000. */
  pingIntervalMs?: number | undefined;
  /** …and the socket is considered dead when nothing arrives this long after it. Default 10 000. */
  pongTimeoutMs?: number | undefined;
  /** Last seq seen per room from an earlier session (e.g. persisted), so the first connection replays from there. */
  resume?: Record<string, number> | undefined;
  /**
   * Last change number seen per room from that session (`changeState()`), so the first
   * connection also replays the edits, deletes, reactions and pins missed. Persist both.
   */
  resumeChanges?: Record<string, number> | undefined;
}
