/**
 * Table types for Kysely. Kept dialect-neutral (text timestamps in ISO-8601 UTC, JSON as text,
 * integers for counters) so that the SQLite and PostgreSQL stores share every query.
 */
import type { Generated } from 'kysely';

export interface ProjectsTable {
  project_id: string;
  name: string;
  /** Project-wide activity counter; see RoomActivityStore.bump. */
  activity_seq: Generated<number>;
  /** Project-wide event counter; orders the outbox. */
  event_seq: Generated<number>;
  created_at: string;
}

export interface ApiKeysTable {
  api_key: string;
  project_id: string;
  /** The secret key, sealed with the master key (SecretBox). */
  secret_sealed: string;
  created_at: string;
  /** Null while current; set when a rotation retires the key. */
  expires_at: string | null;
}

export interface SigningKeysTable {
  kid: string;
  project_id: string;
  alg: string;
  public_jwk: string;
  private_jwk_sealed: string;
  created_at: string;
  /** Null while the key is current (the newest signs); else when it stops verifying and leaves the JWKS. */
  retires_at: string | null;
}

export interface UsersTable {
  project_id: string;
  user_id: string;
  name: string | null;
  role: string;
  user_info: string | null;
  /** Tokens carry the version they were issued at; revoking bumps it. */
  token_version: Generated<number>;
  /**
   * When createToken first issued the user a token (since they were last deleted): the user
   * exists for the users API. Null for a row that only keeps the revocation counter (a revoked
   * user never issued a token, or a deleted user: their old tokens must stay revoked).
   */
  issued_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface RoomsTable {
  room_id: string;
  project_id: string;
  type: 'direct' | 'group';
  name: string | null;
  status: 'open' | 'resolved';
  metadata: string;
  /** For direct rooms: the two user ids sorted and joined by a space, unique among live rooms. */
  direct_key: string | null;
  participant_count: number;
  message_count: number;
  last_seq: number;
  activity_seq: number;
  created_at: string;
  updated_at: string;
  last_message_at: string | null;
  deleted_at: string | null;
}

export interface RoomMembersTable {
  room_id: string;
  project_id: string;
  user_id: string;
  /** Join order within the room. */
  position: number;
  joined_at: string;
  last_read_seq: Generated<number>;
}

export interface RoomActivityTable {
  room_id: string;
  activity_seq: number;
  created_at: string;
}

export interface MessagesTable {
  message_id: string;
  project_id: string;
  room_id: string;
  seq: number;
  sender_id: string;
  content: string;
  content_type: string;
  metadata: string;
  created_at: string;
  /** The sender's own id for the message, so a resend finds it instead of duplicating it. */
  client_msg_id: string | null;
  /** Set when the content and metadata were erased (the sender was deleted with redact_messages). */
  redacted_at: string | null;
  /** When content or metadata were last edited. */
  edited_at: string | null;
  /** Set when the message was deleted (soft: content, metadata, reactions and mentions gone). */
  deleted_at: string | null;
  /** The room's change number at the message's latest change; 0 while never changed. */
  change_seq: number;
  /** The root message of the thread this message replies in. */
  parent_id: string | null;
  reply_count: number;
  last_reply_at: string | null;
  pinned_at: string | null;
  pinned_by: string | null;
  /** JSON object: reaction type → how many users reacted with it. */
  reactions: string;
  /** JSON array of the user ids mentioned. */
  mentions: string;
}

export interface RoomChangesTable {
  room_id: string;
  /** The room's last change number (edits, deletes, reactions, pins, reply counts). */
  change_seq: number;
}

export interface MessageReactionsTable {
  message_id: string;
  user_id: string;
  type: string;
  project_id: string;
  room_id: string;
  created_at: string;
}

export interface MessageMentionsTable {
  message_id: string;
  user_id: string;
  room_id: string;
  seq: number;
}

export interface IdempotencyKeysTable {
  project_id: string;
  key: string;
  fingerprint: string;
  status_code: number | null;
  response_body: string | null;
  created_at: string;
}

export interface EventsTable {
  event_id: string;
  project_id: string;
  event_seq: number;
  type: string;
  room_id: string | null;
  /** The event exactly as delivered: JSON of { id, type, timestamp, project_id, data }. */
  payload: string;
  created_at: string;
}

export interface WebhookEndpointsTable {
  endpoint_id: string;
  project_id: string;
  url: string;
  description: string | null;
  /** JSON array of event types; null for every type. */
  event_types: string | null;
  enabled: number;
  disabled_reason: string | null;
  secret_sealed: string;
  /** The secret before the last rotation, still signed with until it expires. */
  previous_secret_sealed: string | null;
  previous_secret_expires_at: string | null;
  /** Since when every attempt failed; null after a success. */
  failing_since: string | null;
  created_at: string;
  updated_at: string;
}

export interface WebhookDeliveriesTable {
  delivery_id: string;
  project_id: string;
  endpoint_id: string;
  event_id: string;
  event_seq: number;
  /** Deliveries with the same endpoint and key go out in event order (the room id). */
  ordering_key: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  next_attempt_at: string;
  /** A sender holds the delivery until then; a crashed sender's hold runs out. */
  locked_until: string | null;
  last_error: string | null;
  created_at: string;
  finished_at: string | null;
}

export interface WebhookAttemptsTable {
  attempt_id: string;
  project_id: string;
  endpoint_id: string;
  delivery_id: string;
  event_id: string;
  attempted_at: string;
  status_code: number | null;
  latency_ms: number;
  error: string | null;
  response_body: string | null;
}

export interface AttachmentsTable {
  attachment_id: string;
  project_id: string;
  room_id: string;
  /** The end user who uploaded it; null when the backend did. */
  uploader_id: string | null;
  name: string;
  mime_type: string;
  /** Bytes of what is stored and served (for images: after the metadata was stripped). */
  size: number;
  sha256: string;
  width: number | null;
  height: number | null;
  blurhash: string | null;
  thumbnail_width: number | null;
  thumbnail_height: number | null;
  /** Where the storage driver keeps the bytes; the thumbnail is at `<storage_key>.thumb.webp`. */
  storage_key: string;
  /** The message that sent it; null while unsent. */
  message_id: string | null;
  /** Its place among the message's attachments, from 0. */
  position: number | null;
  created_at: string;
  sent_at: string | null;
}

export interface AttachmentSettingsTable {
  project_id: string;
  /** Null: the server's limit. */
  max_bytes: number | null;
  /** JSON array of media types; null: the server's list. */
  allowed_types: string | null;
  updated_at: string;
}

export interface Database {
  projects: ProjectsTable;
  api_keys: ApiKeysTable;
  signing_keys: SigningKeysTable;
  users: UsersTable;
  rooms: RoomsTable;
  room_members: RoomMembersTable;
  room_activity: RoomActivityTable;
  messages: MessagesTable;
  room_changes: RoomChangesTable;
  message_reactions: MessageReactionsTable;
  message_mentions: MessageMentionsTable;
  idempotency_keys: IdempotencyKeysTable;
  events: EventsTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  attachments: AttachmentsTable;
  attachment_settings: AttachmentSettingsTable;
}
