/**
 * The rules of messages: only participants (or "system") send, and every message of a room gets
 * the next seq in the same transaction that stores it, so seqs are gapless and never repeat.
 */
import { newId } from '../crypto/ids.js';
import { errors, fieldError } from '../errors/app-error.js';
import type { Store } from '../store/store.js';
import type { AttachmentsService } from './attachments.service.js';
import type { EventsService } from './events.service.js';
import type { MessageRow, UnnumberedMessage } from '../store/messages.store.js';
import { nowIso } from './clock.js';
import { assertJsonObjectSize } from './json-rules.js';
import { LIMITS, SYSTEM_SENDER } from './limits.js';
import { checkContent } from './message-content.js';
import { messageState, NEW_MESSAGE_STATE } from './message-state.js';
import { checkMentions, countReply, threadRoot } from './thread-rules.js';
import { withOwnReactions } from './message-access.js';
import type { ContentType, JsonObject, Message, ProjectContext } from './models.js';

export interface SendMessageInput {
  room_id: string;
  sender_id: string;
  /** For image and file messages with attachments: an optional caption. */
  content?: string | undefined;
  /** Uploads (attachment ids) an image or file message sends. */
  attachments?: string[] | undefined;
  content_type?: ContentType | undefined;
  metadata?: JsonObject | undefined;
  /** The sender's own id for this message: a repeat returns the first message, nothing new. */
  client_msg_id?: string | undefined;
  /** Reply in this message's thread (threads.service.ts). */
  parent_id?: string | undefined;
  /** Participants the message mentions. */
  mentions?: string[] | undefined;
}

export interface HistoryInput {
  after?: number | undefined;
  before?: number | undefined;
  limit?: number | undefined;
  /** false: the main timeline only, thread replies left out. */
  thread?: boolean | undefined;
}

export function toMessage(row: MessageRow): Message {
  return {
    message_id: row.message_id,
    room_id: row.room_id,
    seq: Number(row.seq),
    sender_id: row.sender_id,
    content: row.content,
    content_type: row.content_type as ContentType,
    metadata: JSON.parse(row.metadata) as JsonObject,
    created_at: row.created_at,
    ...(row.redacted_at !== null && { redacted_at: row.redacted_at }),
    ...messageState(row),
  };
}

/** A message as redaction leaves it: who sent it and when stay, what it said goes. */
export function redacted(message: Message, at: string): Message {
  const { attachments: _gone, ...kept } = message;
  return { ...kept, content: '', metadata: {}, redacted_at: message.redacted_at ?? at };
}

const FILE_TYPES: ReadonlySet<ContentType> = new Set(['image', 'file']);

/** Content and attachments agree with content_type (a message with attachments: content is a caption). */
function checkBody(input: SendMessageInput): void {
  const type = input.content_type ?? 'text';
  if (input.attachments !== undefined && input.attachments.length > 0) {
    if (!FILE_TYPES.has(type))
      throw fieldError('attachments', 'contentType', 'are sent only with content_type "image" or "file"');
    return;
  }
  if (input.content === undefined || input.content === '')
    throw fieldError('content', 'required', 'is required unless the message sends attachments');
  checkContent(type, input.content);
}

export class MessagesService {
  constructor(
    private readonly store: Store,
    private readonly events: EventsService,
    private readonly attachments: AttachmentsService,
  ) {}

  /**
   * `actingUser`: the end user sending (sendAs), who may send only their own uploads; absent
   * for the backend, which may send any upload of the room.
   */
  async send(
    ctx: ProjectContext,
    input: SendMessageInput,
    actingUser: string | null = null,
  ): Promise<{ message: Message; created: boolean }> {
    checkBody(input);
    if (input.metadata !== undefined) assertJsonObjectSize('metadata', input.metadata);
    return this.store.transaction(async () => {
      const room = await this.store.rooms.liveRoomForSender(ctx.projectId, input.room_id, input.sender_id);
      if (!room) throw errors.roomNotFound(input.room_id);
      if (input.sender_id !== SYSTEM_SENDER && !room.is_member) {
        throw errors.senderNotParticipant(input.sender_id, room.room_id);
      }
      if (input.client_msg_id !== undefined) {
        const earlier = await this.store.messages.findByClientId(room.room_id, input.sender_id, input.client_msg_id);
        if (earlier)
          return { message: (await this.attachments.withAttachments([toMessage(earlier)]))[0]!, created: false };
      }
      const root =
        input.parent_id === undefined ? null : await threadRoot(this.store, ctx, room.room_id, input.parent_id);
      const mentions = await checkMentions(this.store, room.room_id, input.mentions);
      const at = nowIso();
      const unnumbered: UnnumberedMessage = {
        message_id: newId.message(),
        project_id: ctx.projectId,
        room_id: room.room_id,
        sender_id: input.sender_id,
        content: input.content ?? '',
        content_type: input.content_type ?? 'text',
        metadata: JSON.stringify(input.metadata ?? {}),
        created_at: at,
        client_msg_id: input.client_msg_id ?? null,
        redacted_at: null,
        ...NEW_MESSAGE_STATE,
        parent_id: root?.message_id ?? null,
        mentions: JSON.stringify(mentions),
      };
      // The room moves up its project's room list with it (MessagesStore.append).
      const seq = await this.store.messages.append(unnumbered);
      const row: MessageRow = { ...unnumbered, seq };
      await this.store.threads.insertMentions(
        mentions.map((user_id) => ({ message_id: row.message_id, user_id, room_id: room.room_id, seq })),
      );
      const message = toMessage(row);
      if (input.attachments !== undefined && input.attachments.length > 0) {
        message.attachments = await this.attachments.attachToMessage(ctx, {
          roomId: room.room_id,
          messageId: row.message_id,
          contentType: row.content_type as ContentType,
          actingUser,
          ids: input.attachments,
          at,
        });
      }
      // A reply also changes its root (reply_count): the event carries the root as it is now.
      const thread = root ? await countReply(this.store, ctx, root, at) : null;
      await this.events.record(ctx.projectId, 'message.created', room.room_id, {
        message,
        ...(thread && {
          root: {
            message: (await this.attachments.withAttachments([toMessage(thread.row)]))[0]!,
            change_seq: thread.change_seq,
          },
        }),
      });
      return { message, created: true };
    });
  }

  /**
   * Erases the content and metadata of every message the sender wrote in the project (their seq,
   * ids, sender and times stay, so histories keep no gap), in the stored `message.created` events
   * too (deliveries still pending, retries and re-sends carry the redacted message), and tells
   * each room with a `messages.redacted` event: realtime participants and webhook receivers
   * erase their copies. Webhooks already delivered cannot be recalled; that event is how their
   * receivers learn of it. Returns how many messages were redacted. Runs in the caller's transaction.
   */
  async redactSender(ctx: ProjectContext, senderId: string, at: string): Promise<number> {
    return this.store.transaction(async () => {
      const rooms = await this.store.messages.unredactedBySender(ctx.projectId, senderId);
      if (rooms.length === 0) return 0;
      await this.store.messages.redactBySender(ctx.projectId, senderId, at);
      const roomIds = rooms.map((r) => r.room_id);
      for (const row of await this.store.events.messageEventsMentioning(ctx.projectId, roomIds, senderId)) {
        // The message an event carries, and (a reply's) its thread root: either may be the sender's.
        const event = JSON.parse(row.payload) as { data: { message?: Message; root?: { message?: Message } } };
        let changed = false;
        for (const holder of [event.data, event.data.root]) {
          const message = holder?.message;
          if (!holder || message?.sender_id !== senderId || message.redacted_at !== undefined) continue;
          holder.message = redacted(message, at);
          changed = true;
        }
        if (changed) await this.store.events.setPayload(row.event_id, JSON.stringify(event));
      }
      for (const room of rooms) {
        await this.events.record(ctx.projectId, 'messages.redacted', room.room_id, {
          room_id: room.room_id,
          sender_id: senderId,
          up_to_seq: room.up_to_seq,
          redacted_count: room.count,
          redacted_at: at,
        });
      }
      return rooms.reduce((n, r) => n + r.count, 0);
    });
  }

  /** A user sends in a room they belong to; to anyone else the room does not exist. */
  async sendAs(
    ctx: ProjectContext,
    userId: string,
    roomId: string,
    input: Omit<SendMessageInput, 'room_id' | 'sender_id'>,
  ): Promise<{ message: Message; created: boolean }> {
    return this.store.transaction(async () => {
      await this.#assertMember(ctx, roomId, userId);
      return this.send(ctx, { ...input, room_id: roomId, sender_id: userId }, userId);
    });
  }

  async historyAs(
    ctx: ProjectContext,
    userId: string,
    roomId: string,
    input: HistoryInput,
  ): Promise<{ data: Message[]; has_more: boolean }> {
    await this.#assertMember(ctx, roomId, userId);
    const page = await this.history(ctx, roomId, input);
    return { ...page, data: await withOwnReactions(this.store, userId, page.data) };
  }

  async #assertMember(ctx: ProjectContext, roomId: string, userId: string): Promise<void> {
    const room = await this.store.rooms.findLive(ctx.projectId, roomId);
    if (!room || !(await this.store.rooms.isMember(roomId, userId))) throw errors.roomNotFound(roomId);
  }

  async history(
    ctx: ProjectContext,
    roomId: string,
    input: HistoryInput,
  ): Promise<{ data: Message[]; has_more: boolean }> {
    if (input.after !== undefined && input.before !== undefined) {
      throw fieldError('before', 'exclusive', 'cannot be combined with after; page in one direction at a time');
    }
    const room = await this.store.rooms.findLive(ctx.projectId, roomId);
    if (!room) throw errors.roomNotFound(roomId);
    const limit = input.limit ?? LIMITS.historyPageDefault;
    const main = input.thread === false; // the main timeline: replies left out
    if (input.after !== undefined) {
      const rows = main
        ? await this.store.threads.rootsAfter(roomId, input.after, limit + 1)
        : await this.store.messages.after(roomId, input.after, limit + 1);
      const data = await this.attachments.withAttachments(rows.slice(0, limit).map(toMessage));
      return { data, has_more: rows.length > limit };
    }
    const rows = main
      ? await this.store.threads.rootsBefore(roomId, input.before ?? null, limit + 1)
      : await this.store.messages.before(roomId, input.before ?? null, limit + 1);
    const data = await this.attachments.withAttachments(rows.slice(0, limit).reverse().map(toMessage));
    return { data, has_more: rows.length > limit };
  }
}
