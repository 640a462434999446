/**
 * The rules of changing a sent message: edit, soft delete, pin and unpin. Every change takes the
 * room's next change number (the `change_seq` that realtime resume replays by), writes the message
 * and records its event in one transaction. The backend may change any message; an end user edits
 * and deletes only their own, and pins in rooms they belong to.
 *
 * Each is applied once however often it is asked for: the same edit again, deleting a deleted
 * message, pinning a pinned one change nothing (a client retrying after a lost answer relies on it).
 *
 * A delete keeps message_id, seq, sender and times (the room's seq stays gapless) and erases the
 * rest everywhere the API could show it again: the row, its reactions and mentions, and the
 * stored events that carried it (webhook redeliveries and the events API show it deleted).
 */
import { isDeepStrictEqual } from 'node:util';
import { errors, fieldError } from '../errors/app-error.js';
import type { MessageRow } from '../store/messages.store.js';
import type { Store } from '../store/store.js';
import { nowIso } from './clock.js';
import type { EventsService } from './events.service.js';
import { assertJsonObjectSize } from './json-rules.js';
import type { AttachmentsService } from './attachments.service.js';
import { type Actor, findMessage, withOwnReactions } from './message-access.js';
import { checkContent } from './message-content.js';
import { toMessage } from './messages.service.js';
import type { ContentType, EventType, JsonObject, Message, ProjectContext } from './models.js';

export interface EditMessageInput {
  content?: string | undefined;
  metadata?: JsonObject | undefined;
}

/** The most pinned messages a room lists. */
export const PINS_LISTED = 100;

/** Replaces, anywhere in a stored event, the copies of a message by what it is now. */
function replaceCopies(value: unknown, message: Message): unknown {
  if (Array.isArray(value)) return value.map((v) => replaceCopies(v, message));
  if (value === null || typeof value !== 'object') return value;
  const o = value as Record<string, unknown>;
  if (o.message_id === message.message_id && 'content' in o) return message;
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, replaceCopies(v, message)]));
}

export class MessageChangesService {
  constructor(
    private readonly store: Store,
    private readonly events: EventsService,
    private readonly attachments: AttachmentsService,
  ) {}

  async get(ctx: ProjectContext, messageId: string, actor: Actor = null): Promise<Message> {
    return this.#view(toMessage(await findMessage(this.store, ctx, messageId, actor)), actor);
  }

  async edit(ctx: ProjectContext, messageId: string, input: EditMessageInput, actor: Actor = null): Promise<Message> {
    if (input.content === undefined && input.metadata === undefined) {
      throw fieldError('body', 'minProperties', 'must change content, metadata or both');
    }
    if (input.metadata !== undefined) assertJsonObjectSize('metadata', input.metadata);
    return this.store.transaction(async () => {
      const row = await findMessage(this.store, ctx, messageId, actor, true);
      if (actor !== null && row.sender_id !== actor) throw errors.notMessageSender('edit');
      if (row.deleted_at !== null || row.redacted_at !== null) throw errors.messageDeleted(messageId);
      // With attachments, an image or file message's content is a caption (any text), as at the send.
      if (input.content !== undefined && !(await this.#sentFiles(row)))
        checkContent(row.content_type as ContentType, input.content);
      // The same edit again (a retry whose first answer was lost) is no change: no event, no new edited_at.
      const sameContent = input.content === undefined || input.content === row.content;
      const sameMetadata = input.metadata === undefined || isDeepStrictEqual(input.metadata, JSON.parse(row.metadata));
      if (sameContent && sameMetadata) return this.#view(toMessage(row), null);
      return this.#change(ctx, row, 'message.updated', {
        ...(input.content !== undefined && { content: input.content }),
        ...(input.metadata !== undefined && { metadata: JSON.stringify(input.metadata) }),
        edited_at: nowIso(),
      });
    });
  }

  /** Deleting a deleted message changes nothing and answers it as it is. */
  async delete(ctx: ProjectContext, messageId: string, actor: Actor = null): Promise<Message> {
    return this.store.transaction(async () => {
      const row = await findMessage(this.store, ctx, messageId, actor, true);
      if (actor !== null && row.sender_id !== actor) throw errors.notMessageSender('delete');
      if (row.deleted_at !== null) return toMessage(row);
      await this.store.reactions.removeAll(row.message_id);
      await this.store.threads.removeMentions(row.message_id);
      const message = await this.#change(ctx, row, 'message.deleted', {
        content: '',
        metadata: '{}',
        reactions: '{}',
        mentions: '[]',
        pinned_at: null,
        pinned_by: null,
        deleted_at: nowIso(),
      });
      for (const event of await this.store.messageChanges.eventsCarrying(ctx.projectId, row.room_id, row.message_id)) {
        const payload = JSON.parse(event.payload) as { data: unknown };
        payload.data = replaceCopies(payload.data, message);
        await this.store.events.setPayload(event.event_id, JSON.stringify(payload));
      }
      return message;
    });
  }

  /** `by`: who pinned it (a participant, or "system" for the backend). Pinning a pinned message changes nothing. */
  async pin(ctx: ProjectContext, messageId: string, by: string, actor: Actor = null): Promise<Message> {
    return this.store.transaction(async () => {
      const row = await findMessage(this.store, ctx, messageId, actor, true);
      if (row.deleted_at !== null) throw errors.messageDeleted(messageId);
      if (row.pinned_at !== null) return this.#view(toMessage(row), actor);
      return this.#view(
        await this.#change(ctx, row, 'message.pinned', { pinned_at: nowIso(), pinned_by: by }, { pinned_by: by }),
        actor,
      );
    });
  }

  async unpin(ctx: ProjectContext, messageId: string, actor: Actor = null): Promise<Message> {
    return this.store.transaction(async () => {
      const row = await findMessage(this.store, ctx, messageId, actor, true);
      if (row.pinned_at === null) return this.#view(toMessage(row), actor);
      const by = actor ?? 'system';
      return this.#view(
        await this.#change(ctx, row, 'message.unpinned', { pinned_at: null, pinned_by: null }, { unpinned_by: by }),
        actor,
      );
    });
  }

  async pins(
    ctx: ProjectContext,
    roomId: string,
    actor: Actor = null,
  ): Promise<{ data: Message[]; has_more: boolean }> {
    const room = await this.store.rooms.findLive(ctx.projectId, roomId);
    if (!room || (actor !== null && !(await this.store.rooms.isMember(roomId, actor)))) {
      throw errors.roomNotFound(roomId);
    }
    const rows = await this.store.messageChanges.pinned(roomId, PINS_LISTED + 1);
    const data = await this.attachments.withAttachments(rows.slice(0, PINS_LISTED).map(toMessage));
    return {
      data: actor === null ? data : await withOwnReactions(this.store, actor, data),
      has_more: rows.length > PINS_LISTED,
    };
  }

  /** Each room's last change number (what a realtime connection starts from). */
  lastChangeSeqs(roomIds: readonly string[]): Promise<Map<string, number>> {
    return this.store.messageChanges.lastChangeSeqs(roomIds);
  }

  /**
   * Up to `limit` messages of the room changed after change number `after`, each once in its
   * latest state, in change order, with the user's own reactions (what a realtime resume replays).
   */
  async changedSince(
    roomId: string,
    after: number,
    limit: number,
    userId: string,
  ): Promise<{ message: Message; change_seq: number }[]> {
    const rows = await this.store.messageChanges.changedSince(roomId, after, Number.MAX_SAFE_INTEGER, limit);
    const messages = await withOwnReactions(
      this.store,
      userId,
      await this.attachments.withAttachments(rows.map(toMessage)),
    );
    return rows.map((row, i) => ({ message: messages[i]!, change_seq: Number(row.change_seq) }));
  }

  /** Whether the message sent uploads (its content is then a caption, not the file's URL). */
  async #sentFiles(row: MessageRow): Promise<boolean> {
    if (row.content_type !== 'image' && row.content_type !== 'file') return false;
    return (await this.store.attachments.ofMessages([row.message_id])).length > 0;
  }

  /** The message as the asker sees it: with its files, and (an end user) their own reactions. */
  async #view(message: Message, actor: Actor): Promise<Message> {
    const [shown] = await this.attachments.withAttachments([message]);
    return actor === null ? shown! : (await withOwnReactions(this.store, actor, [shown!]))[0]!;
  }

  /**
   * Writes one change of the message under the room's next change number and records its event
   * (`{ message, change_seq, …extra }`). Runs in the caller's transaction.
   */
  async #change(
    ctx: ProjectContext,
    row: MessageRow,
    type: EventType,
    set: Partial<MessageRow>,
    extra: Record<string, unknown> = {},
  ): Promise<Message> {
    const changeSeq = await this.store.messageChanges.nextChangeSeq(row.room_id);
    await this.store.messageChanges.update(row.message_id, { ...set, change_seq: changeSeq });
    const [message] = await this.attachments.withAttachments([
      toMessage((await this.store.messageChanges.find(ctx.projectId, row.message_id))!),
    ]);
    await this.events.record(ctx.projectId, type, row.room_id, { message, change_seq: changeSeq, ...extra });
    return message!;
  }
}
