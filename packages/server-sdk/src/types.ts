// Request and response shapes of the OiChat HTTP API (docs/http-api.md), named as the SDK's
// README names them. Field names stay snake_case on purpose: they are the wire format, so what
// you read in the API docs is what you type here, with no mapping layer to drift.

/** Free-form JSON object attached to rooms, messages and user info (≤ 8 KB as JSON). */
export type Metadata = Record<string, unknown>;

// ---------------------------------------------------------------- client configuration

export interface OiChatOptions {
  /** Public api key of the project, `ak_live_…`. Required. */
  apiKey: string;
  /** Secret key, `sk_…`. Required. Used only to sign requests; never sent. */
  secretKey: string;
  /** Project id, `proj_…`. Required. */
  projectId: string;
  /** Server base URL. Default `https://api.oichatapi.com`. */
  baseUrl?: string | undefined;
  /** Time limit of one attempt in milliseconds, body read included. Default 10000. */
  timeout?: number | undefined;
  /** How many times a failed attempt is retried (5xx, 408, 409 in progress, 429, network). Default 2; 0 disables. */
  maxRetries?: number | undefined;
}

/** Per-call options, accepted as the last argument of every method. */
export interface RequestOptions {
  /** Replaces the generated `Idempotency-Key` of a POST (1–255 visible ASCII characters). */
  idempotencyKey?: string | undefined;
  /** Overrides the client's `timeout` for this call (per attempt, in ms). */
  timeout?: number | undefined;
  /** Overrides the client's `maxRetries` for this call. */
  maxRetries?: number | undefined;
  /** Cancels the call at once, including a pending retry; the promise rejects with `signal.reason`. */
  signal?: AbortSignal | undefined;
}

// ---------------------------------------------------------------- errors

/** One broken rule of a `validation_failed` error. */
export interface ErrorDetail {
  /** Dotted path of the field, e.g. `user_info.avatar_url` or `participants.1`. */
  field?: string;
  rule?: string;
  message?: string;
  [key: string]: unknown;
}

// ---------------------------------------------------------------- auth

export type UserRole = 'user' | 'agent';

export interface UserInfo {
  avatar_url?: string;
  nickname?: string;
  badge?: string;
  custom?: Metadata;
}

export interface CreateTokenParams {
  /** 1–128 characters. */
  user_id: string;
  /** ≤ 200 characters. */
  user_name?: string;
  user_info?: UserInfo;
  /** Additional channels the user subscribes to (≤ 100). */
  channels?: string[];
  /** Default `"user"`. */
  role?: UserRole;
}

export interface RefreshTokenParams {
  /** A token of this project, possibly expired (by at most 30 days). */
  token: string;
}

export interface TokenResponse {
  /** ES256 JWT, valid 24 hours. */
  token: string;
  /** ISO-8601 expiry of `token`. */
  expires_at: string;
}

export interface RevokeTokensParams {
  /** The user whose tokens issued so far stop working. */
  user_id: string;
}

export interface RevokeTokensResponse {
  user_id: string;
  /** ISO-8601: tokens issued before this are refused. */
  revoked_at: string;
}

// ---------------------------------------------------------------- rooms

export type RoomType = 'direct' | 'group';
export type RoomStatus = 'open' | 'resolved';

export interface Room {
  room_id: string;
  type: RoomType;
  name: string | null;
  status: RoomStatus;
  metadata: Metadata;
  /** User ids in the order they joined. */
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
 * A room without its participant list, as `room.updated` and `participant.*` webhook events
 * carry it (their size must not grow with the room's); fetch the room for its members.
 */
export type RoomSummary = Omit<Room, 'participants'>;

export interface CreateRoomParams {
  type: RoomType;
  /** ≤ 200 characters. */
  name?: string;
  /** `direct`: exactly 2 user ids; `group`: 2–500. No duplicates. */
  participants: string[];
  metadata?: Metadata;
}

export interface ListRoomsParams {
  /** This user's rooms; omitted: every room of the project. */
  user_id?: string | undefined;
  /** Only rooms of this type. */
  type?: RoomType | undefined;
  /** Only rooms with this status (`"open"`: what a support desk has to answer). */
  status?: RoomStatus | undefined;
  /**
   * Only rooms whose metadata has each of these top-level keys with this value (a string, or a
   * number or boolean compared as JSON writes it). Up to 10 keys, all must hold.
   */
  metadata?: Record<string, string | number | boolean> | undefined;
  /** 1–100, default 20. */
  limit?: number | undefined;
  /** `next_cursor` of the previous page (of the same list: same user and filters). */
  cursor?: string | null | undefined;
}

/** One page of a cursor-paginated list. */
export interface CursorPage<T> {
  data: T[];
  /** Pass back as `cursor` for the next page; `null` on the last page. */
  next_cursor: string | null;
  has_more: boolean;
}

export type ListRoomsResponse = CursorPage<Room>;

export interface UpdateRoomParams {
  /** ≤ 200 characters, or `null` to clear. */
  name?: string | null;
  /** Replaces the old metadata. */
  metadata?: Metadata;
  status?: RoomStatus;
}

export interface AddParticipantParams {
  user_id: string;
}

export interface LeaveRoomParams {
  user_id: string;
}

export interface LeaveRoomResponse {
  room_id: string;
  user_id: string;
  /** `true` when the last participant left and the room was deleted. */
  destroyed: boolean;
}

// ---------------------------------------------------------------- messages

export type MessageContentType = 'text' | 'image' | 'file' | 'system' | 'custom';

export interface SendMessageParams {
  room_id: string;
  /** A participant's user id, or `"system"`. */
  sender_id: string;
  /**
   * 1–10 000 characters. For `image` and `file`: a caption when `attachments` are sent (then it
   * may be left out), else the file's `https://` URL (`http://` only to a loopback host, for development).
   */
  content?: string;
  /** Default `"text"`. */
  content_type?: MessageContentType;
  metadata?: Metadata;
  /**
   * For `image` and `file` messages: 1–10 attachment ids from `attachments.upload`, uploaded to
   * this room and not sent yet. The message carries their descriptions, in this order.
   */
  attachments?: string[];
  /** Reply in the thread of this message of the room (a reply to a reply joins its root). */
  parent_id?: string;
  /** Participants of the room the message mentions (at most 50); anyone else is a 400. */
  mentions?: string[];
}

/** An uploaded file (`attachments.upload`, `attachments.get`), with fresh signed URLs. */
export interface Attachment {
  attachment_id: string;
  room_id: string;
  name: string;
  /** The type the server found in the bytes (never the declared one). */
  mime_type: string;
  /** Bytes, as served (for images: after metadata was stripped). */
  size: number;
  /** Hex SHA-256 of the bytes served. */
  sha256: string;
  /** Images: pixels, orientation applied. */
  width?: number;
  height?: number;
  /** Images: a BlurHash placeholder. */
  blurhash?: string;
  /** Images: a WebP at most 320 px on its longer side. */
  thumbnail?: { url: string; width: number; height: number; mime_type: 'image/webp' };
  /** Signed download URL: no credentials needed until `url_expires_at` (1 hour by default). */
  url: string;
  url_expires_at: string;
  /** The end user who uploaded it; `null` when the backend did. */
  uploader_id: string | null;
  /** The message that sent it; `null` while unsent (unsent uploads are removed after 24 hours). */
  message_id: string | null;
  created_at: string;
}

/** A project's attachment limits (`attachments.settings`). */
export interface AttachmentSettings {
  /** The project's own size limit in bytes; `null`: the server's. */
  max_bytes: number | null;
  /** The project's own list of media types; `null`: the server's. */
  allowed_types: string[] | null;
  /** What uploads to the project are held to now. */
  effective: { max_bytes: number; allowed_types: string[] };
  /** The server's limits, the ceiling of the project's. */
  server: { max_bytes: number; allowed_types: string[] };
}

export interface UpdateAttachmentSettingsParams {
  /** At most the server's limit; `null` for the server's. */
  max_bytes?: number | null;
  /** Each allowed by the server; `null` for the server's list. */
  allowed_types?: string[] | null;
}

/** What `attachments.upload` takes: bytes in memory, a Blob, or a stream (read to its end before sending). */
export type UploadData =
  | Blob
  | Uint8Array
  | ArrayBuffer
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array | string>;

export interface UploadOptions extends RequestOptions {
  /** The file name recipients see (1–255 characters, no `/`, `\` or control characters). */
  name: string;
  /** The type you believe it is, sent as Content-Type; the server judges the bytes whatever it says. */
  mimeType?: string;
}

export interface Message {
  message_id: string;
  room_id: string;
  /** 1, 2, 3, … per room, with no gap and no repeat. */
  seq: number;
  sender_id: string;
  /** `""` once redacted. */
  content: string;
  content_type: MessageContentType;
  /** `{}` once redacted. */
  metadata: Metadata;
  created_at: string;
  /** Only on a redacted message (its sender was deleted with `redact_messages`): when it was erased. */
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
  /** Only when the message mentions users. */
  mentions?: string[];
  /** Only on a pinned message. */
  pinned_at?: string;
  /** With `pinned_at`: who pinned it (`"system"`: the backend). */
  pinned_by?: string;
  /** `image` and `file` messages that sent uploads: their descriptions, with fresh URLs. */
  attachments?: Attachment[];
}

export interface ListMessagesParams {
  /** Messages with `seq` greater than this (0 reads from the start). Not with `before`. */
  after?: number | undefined;
  /** Messages with `seq` lower than this. Not with `after`. */
  before?: number | undefined;
  /** 1–100, default 50. */
  limit?: number | undefined;
  /** `false`: the main timeline only, thread replies left out. */
  thread?: boolean | undefined;
}

/** What `messages.update` changes: content, metadata (replaced whole) or both. */
export interface UpdateMessageParams {
  content?: string;
  metadata?: Metadata;
}

/** A participant's reaction: `type` is an emoji or a short name, 1–64 characters. */
export interface ReactionParams {
  user_id: string;
  type: string;
}

export interface ListRepliesParams {
  /** Replies with `seq` greater than this. Not with `before`. */
  after?: number | undefined;
  /** Replies with `seq` lower than this. Not with `after`. */
  before?: number | undefined;
  /** 1–100, default 50. */
  limit?: number | undefined;
}

export interface SearchMessagesParams {
  /** 1–200 characters, at most 10 words; each word matches as a substring (A–Z in either case, other characters as written). */
  query: string;
  room_id?: string | undefined;
  sender_id?: string | undefined;
  /** 1–100, default 20. */
  limit?: number | undefined;
  /** `next_cursor` of the previous page. */
  cursor?: string | undefined;
}

/** A page of messages, newest first; pass `next_cursor` back as `cursor` for the next. */
export interface SearchMessagesResponse {
  data: Message[];
  next_cursor: string | null;
  has_more: boolean;
}

/** A room's pinned messages, newest pin first (at most 100). */
export interface ListPinsResponse {
  data: Message[];
  has_more: boolean;
}

export interface ListMessagesResponse {
  /** Ascending `seq`. */
  data: Message[];
  /** Whether more messages lie further in the reading direction. */
  has_more: boolean;
}

// ---------------------------------------------------------------- users

/** An end user of the project: one `auth.createToken` issued a token to (until deleted). */
export interface User {
  user_id: string;
  /** `createToken`'s `user_name`; `null` when unset. */
  name: string | null;
  role: UserRole;
  /** `createToken`'s `user_info`; `{}` when unset. */
  info: UserInfo;
  /** When the user was first issued a token. */
  created_at: string;
  updated_at: string;
}

export interface ListUsersParams {
  /** Only users of this role. */
  role?: UserRole | undefined;
  /** 1–100, default 20. */
  limit?: number | undefined;
  /** `next_cursor` of the previous page (of the same list: same role filter). */
  cursor?: string | null | undefined;
}

export type ListUsersResponse = CursorPage<User>;

export interface UpdateUserParams {
  /** ≤ 200 characters, or `null` to clear. */
  name?: string | null;
  /** Replaces the old info whole; `{}` clears it. */
  info?: UserInfo;
  role?: UserRole;
}

export interface DeleteUserParams {
  /** Erase the content and metadata of every message the user sent. Default `false`: they stay. */
  redact_messages?: boolean | undefined;
}

export interface DeleteUserResponse {
  user_id: string;
  deleted_at: string;
  /** Rooms the user was taken out of. */
  rooms_left: number;
  /** Of those, rooms deleted because the user was the last participant. */
  rooms_deleted: number;
  /** Messages erased (0 without `redact_messages`). */
  messages_redacted: number;
}

// ---------------------------------------------------------------- channels

export interface PublishChannelEventParams {
  /** The event's name, 1–100 characters, e.g. `"inbox.changed"`. */
  event: string;
  /** What subscribers receive as `data` (≤ 8 KB as JSON). Default `{}`. */
  data?: Metadata;
}

export interface PublishChannelEventResponse {
  /** The channel, as given. */
  channel: string;
  event: string;
}

// ---------------------------------------------------------------- webhooks

export type WebhookEventType =
  | 'message.created'
  | 'room.created'
  | 'room.updated'
  | 'room.deleted'
  | 'participant.added'
  | 'participant.removed'
  | 'messages.redacted'
  | 'message.updated'
  | 'message.deleted'
  | 'reaction.added'
  | 'reaction.removed'
  | 'message.pinned'
  | 'message.unpinned';

export interface WebhookEndpoint {
  endpoint_id: string;
  url: string;
  description: string | null;
  /** `null`: every event type. */
  event_types: WebhookEventType[] | null;
  enabled: boolean;
  /** Why the server disabled the endpoint (it kept failing), else `null`. */
  disabled_reason: string | null;
  /** Since when every delivery has failed; `null` after a success. */
  failing_since: string | null;
  created_at: string;
  updated_at: string;
}

/** The endpoint as created, with its signing secret: shown only here and by `rotateSecret`. */
export interface CreatedWebhookEndpoint extends WebhookEndpoint {
  /** `whsec_…`; pass it to `webhooks.verify`. */
  secret: string;
}

export interface CreateWebhookParams {
  /** http(s) URL that receives the POSTs. */
  url: string;
  description?: string;
  /** Event types to receive; omit or `null` for all. */
  event_types?: WebhookEventType[] | null;
  /** Default `true`. */
  enabled?: boolean;
}

export interface UpdateWebhookParams {
  url?: string;
  description?: string;
  event_types?: WebhookEventType[] | null;
  /** `true` also clears `disabled_reason` and resumes pending deliveries. */
  enabled?: boolean;
}

export interface RotateWebhookSecretResponse {
  secret: string;
  /** Until then deliveries are signed with the old secret too. */
  previous_secret_expires_at: string;
}

export interface WebhookAttempt {
  attempt_id: string;
  event_id: string;
  attempted_at: string;
  /** `null` when no HTTP answer came (refused, timed out, …). */
  status_code: number | null;
  latency_ms: number;
  error: string | null;
  /** The start of the response body. */
  response_body: string | null;
  /** Where the event's delivery stands now. */
  delivery_status: 'pending' | 'delivered' | 'failed';
}

export interface ListWebhookAttemptsParams {
  limit?: number | undefined;
  cursor?: string | undefined;
}

export interface ResendWebhookResponse {
  event_id: string;
  status: 'pending';
}

interface WebhookEventBase<T extends WebhookEventType, D> {
  /** Stable across redeliveries: deduplicate by it. */
  id: string;
  type: T;
  timestamp: string;
  project_id: string;
  data: D;
}

/** A verified webhook delivery; narrow on `type` to get the matching `data`. */
export type WebhookEvent =
  | WebhookEventBase<'message.created', { message: Message; root?: MessageChange }>
  | WebhookEventBase<'message.updated', MessageChange>
  | WebhookEventBase<'message.deleted', MessageChange>
  | WebhookEventBase<'reaction.added', ReactionChange>
  | WebhookEventBase<'reaction.removed', ReactionChange>
  | WebhookEventBase<'message.pinned', MessageChange & { pinned_by: string }>
  | WebhookEventBase<'message.unpinned', MessageChange & { unpinned_by: string }>
  | WebhookEventBase<'room.created', { room: Room }>
  | WebhookEventBase<'room.updated', { room: RoomSummary }>
  | WebhookEventBase<'room.deleted', { room: Room }>
  | WebhookEventBase<'participant.added', { room_id: string; user_id: string; room: RoomSummary }>
  | WebhookEventBase<'participant.removed', { room_id: string; user_id: string; room: RoomSummary }>
  | WebhookEventBase<'messages.redacted', MessagesRedacted>;

/**
 * A message as a change left it. `change_seq` numbers the room's changes (edits, deletes,
 * reactions, pins, reply counts) in the order they happened; on `message.created` of a reply,
 * `root` is its thread root with the new `reply_count`.
 */
export interface MessageChange {
  message: Message;
  change_seq: number;
}

export interface ReactionChange extends MessageChange {
  room_id: string;
  message_id: string;
  user_id: string;
  /** The reaction type added or removed. */
  reaction: string;
  /** The counts per type after the change. */
  reactions: Record<string, number>;
}

/** Every message of `sender_id` in the room with a seq up to `up_to_seq` was erased: erase your copies. */
export interface MessagesRedacted {
  room_id: string;
  sender_id: string;
  up_to_seq: number;
  /** How many of them this redaction erased. */
  redacted_count: number;
  redacted_at: string;
}

/** Request headers as frameworks hand them over: a Fetch `Headers`, or Node's plain object. */
export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

export interface VerifyWebhookOptions {
  /** Seconds a delivery's timestamp may differ from now; default 300 (the spec's 5 minutes). */
  toleranceSeconds?: number;
  /** The current time (tests). */
  now?: Date;
}
