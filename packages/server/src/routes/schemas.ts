/**
 * JSON Schemas shared by the route groups (request fields and the response shapes), built with
 * TypeBox. They drive validation, the TypeScript types of handlers, and the OpenAPI document.
 */
import { Type, type TSchema } from 'typebox';
import { LIMITS } from '../services/limits.js';

/** User ids: the characters that survive a URL path and a log line unescaped. */
export const USER_ID_PATTERN = '^[A-Za-z0-9._:@+=|~-]+$';

export const UserId = Type.String({
  minLength: 1,
  maxLength: LIMITS.userIdLength,
  pattern: USER_ID_PATTERN,
  // Read by errors/validation-messages.ts, to say in words what was wrong.
  'x-noun': 'user id',
  'x-rule': 'may only contain A–Z a–z 0–9 . _ : @ + = | ~ -',
  description: 'Your id for the user: 1–128 of A–Z a–z 0–9 . _ : @ + = | ~ -',
});

export const RoomId = Type.String({ minLength: 1, maxLength: 64, description: 'Room id (room_…)' });

export const JsonObjectSchema = Type.Unsafe<Record<string, unknown>>({
  type: 'object',
  additionalProperties: true,
  description: 'Any JSON object, at most 8 KB when serialised',
});

export const CONTENT_DESCRIPTION =
  'The text, or for content_type image and file the file: an https:// URL (http:// only to a loopback host)';

export const Timestamp = Type.String({ format: 'date-time', description: 'ISO-8601 UTC' });
export const NullableTimestamp = Type.Unsafe<string | null>({
  type: ['string', 'null'],
  format: 'date-time',
  description: 'ISO-8601 UTC, or null',
});

export const Limit = (defaultValue: number) =>
  Type.Integer({
    minimum: 1,
    maximum: LIMITS.pageMax,
    default: defaultValue,
    description: `1–${LIMITS.pageMax}, default ${defaultValue}`,
  });

export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'Stable machine-readable code' }),
      message: Type.String(),
      request_id: Type.String(),
      details: Type.Optional(
        Type.Array(Type.Object({ field: Type.String(), rule: Type.String(), message: Type.String() })),
      ),
    }),
  },
  { $id: 'Error', description: 'Every error has this shape' },
);

export const RoomSchema = Type.Object(
  {
    room_id: Type.String(),
    type: Type.Enum(['direct', 'group']),
    name: Type.Unsafe<string | null>({ type: ['string', 'null'] }),
    status: Type.Enum(['open', 'resolved']),
    metadata: JsonObjectSchema,
    participants: Type.Array(Type.String()),
    participant_count: Type.Integer(),
    message_count: Type.Integer(),
    last_seq: Type.Integer({ description: 'seq of the newest message, 0 when none' }),
    created_at: Timestamp,
    updated_at: Timestamp,
    last_message_at: NullableTimestamp,
  },
  { $id: 'Room' },
);

export const MessageSchema = Type.Object(
  {
    message_id: Type.String(),
    room_id: Type.String(),
    seq: Type.Integer({ description: 'Gapless, strictly increasing per room, from 1' }),
    sender_id: Type.String(),
    content: Type.String({ description: `${CONTENT_DESCRIPTION}; empty once redacted` }),
    content_type: Type.Enum(['text', 'image', 'file', 'system', 'custom']),
    metadata: Type.Unsafe<Record<string, unknown>>({
      type: 'object',
      additionalProperties: true,
      description: 'Any JSON object, at most 8 KB when serialised; {} once redacted',
    }),
    created_at: Timestamp,
    redacted_at: Type.Optional(
      Type.String({
        format: 'date-time',
        description: 'Only on a redacted message (its sender was deleted with redact_messages): when it was erased',
      }),
    ),
    edited_at: Type.Optional(Type.String({ format: 'date-time', description: 'Only on an edited message' })),
    deleted_at: Type.Optional(
      Type.String({
        format: 'date-time',
        description: 'Only on a deleted message: content "", metadata {}, no reactions, mentions or pin',
      }),
    ),
    parent_id: Type.Optional(Type.String({ description: 'Only on a thread reply: the root message' })),
    reply_count: Type.Optional(Type.Integer({ description: 'Only on a thread root with replies' })),
    last_reply_at: Type.Optional(Type.String({ format: 'date-time', description: 'With reply_count' })),
    reactions: Type.Optional(
      Type.Record(Type.String(), Type.Integer(), {
        description: 'Only when someone reacted: how many users reacted with each type',
      }),
    ),
    own_reactions: Type.Optional(
      Type.Array(Type.String(), { description: 'Only through /v1/me, with reactions: the types that are mine' }),
    ),
    mentions: Type.Optional(Type.Array(Type.String(), { description: 'Only when the message mentions users' })),
    pinned_at: Type.Optional(Type.String({ format: 'date-time', description: 'Only on a pinned message' })),
    pinned_by: Type.Optional(Type.String({ description: 'With pinned_at: who pinned it ("system": the backend)' })),
  },
  { $id: 'Message' },
);

export const MessageId = Type.String({ minLength: 1, maxLength: 64, description: 'Message id (msg_…)' });

/** Reply in a thread, and mention participants: what both send routes accept. */
export const ThreadFields = {
  parent_id: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 64,
      description: 'Reply in the thread of this message of the room (a reply to a reply joins its root)',
    }),
  ),
  mentions: Type.Optional(
    Type.Array(UserId, { maxItems: 50, description: 'Participants of the room the message mentions (at most 50)' }),
  ),
};

export const ThreadQuery = Type.Optional(
  Type.Boolean({ description: 'false: the main timeline only, thread replies left out (default true: every message)' }),
);

export const ReactionType = Type.String({
  minLength: 1,
  maxLength: 64,
  description: 'An emoji or a short name: 1–64 characters, no control characters, no surrounding spaces',
});

export const MessageRef = (description: string) => Type.Unsafe({ $ref: 'Message#', description });

export const MessageList = Type.Object(
  {
    data: Type.Array(Type.Unsafe({ $ref: 'Message#' })),
    has_more: Type.Boolean({ description: 'True when more lie beyond this page' }),
  },
  { description: 'Messages' },
);

/** What auth.createToken calls user_info and a user's `info` holds. */
export const userInfoSchema = (description?: string) =>
  Type.Object(
    {
      avatar_url: Type.Optional(Type.String({ maxLength: 2048 })),
      nickname: Type.Optional(Type.String({ maxLength: LIMITS.nameLength })),
      badge: Type.Optional(Type.String({ maxLength: 100 })),
      custom: Type.Optional(JsonObjectSchema),
    },
    { additionalProperties: false, ...(description && { description }) },
  );

export const UserRole = Type.Enum(['user', 'agent']);

export const UserSchema = Type.Object(
  {
    user_id: Type.String(),
    name: Type.Unsafe<string | null>({
      type: ['string', 'null'],
      description: 'auth.createToken user_name; null when unset',
    }),
    role: UserRole,
    info: Type.Unsafe<Record<string, unknown>>({
      type: 'object',
      additionalProperties: true,
      description: 'auth.createToken user_info (avatar_url, nickname, badge, custom); {} when unset',
    }),
    created_at: Type.String({ format: 'date-time', description: 'When the user was first issued a token' }),
    updated_at: Timestamp,
  },
  { $id: 'User', description: 'An end user of the project, as your backend described them' },
);

const Cursor = Type.Unsafe<string | null>({
  type: ['string', 'null'],
  description: 'Pass as `cursor` for the next page; null on the last',
});

export const RoomPage = Type.Object(
  { data: Type.Array(Type.Unsafe({ $ref: 'Room#' })), next_cursor: Cursor, has_more: Type.Boolean() },
  { description: 'A page of rooms, most recent activity first' },
);

export const HistoryPage = Type.Object(
  {
    data: Type.Array(Type.Unsafe({ $ref: 'Message#' })),
    has_more: Type.Boolean({ description: 'True when more messages lie beyond this page' }),
  },
  { description: "A page of the room's messages, in seq order" },
);

export const TokenResponseSchema = Type.Object(
  { token: Type.String({ description: 'The user JWT (ES256)' }), expires_at: Type.String({ format: 'date-time' }) },
  { $id: 'TokenResponse' },
);

/**
 * Schemas referenced by id ($ref) from routes. Added once at the root: adding schemas inside a
 * route plugin gives that plugin a fresh schema controller that drops the custom validator.
 */
export const SHARED_SCHEMAS = [ErrorResponse, RoomSchema, MessageSchema, UserSchema, TokenResponseSchema];

/**
 * The error responses a signed backend route can give, for the OpenAPI document: the ones every
 * route may answer by number, and `default` for the rest (404, 409, 422, 500… as docs/http-api.md
 * lists them per endpoint), all in the one error shape.
 */
export function withErrors<T extends Record<number, TSchema>>(responses: T): T & Record<number | 'default', TSchema> {
  const errorRef = Type.Unsafe({ $ref: 'Error#' });
  return { 400: errorRef, 401: errorRef, 429: errorRef, default: errorRef, ...responses };
}
