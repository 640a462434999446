/**
 * Reactions: a user adds or removes a reaction type on a message of a room they belong to, at most
 * one of each type per user and message. The message keeps the count per type, recomputed from
 * the reactions themselves inside the change.
 */
import { errors, fieldError } from '../errors/app-error.js';
import type { Store } from '../store/store.js';
import { nowIso } from './clock.js';
import type { EventsService } from './events.service.js';
import type { AttachmentsService } from './attachments.service.js';
import { type Actor, findMessage, withOwnReactions } from './message-access.js';
import { toMessage } from './messages.service.js';
import type { Message, ProjectContext } from './models.js';

/** The longest reaction type, in characters (UTF-16 code units: room for emoji sequences). */
export const REACTION_TYPE_LENGTH = 64;

/** Control characters (C0, DEL, C1), and line or paragraph separators. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are what it refuses
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** Reaction types: an emoji or a short name; the message names the field and the rule broken. */
export function checkReactionType(type: string): void {
  if (type.length === 0) throw fieldError('type', 'minLength', 'must not be empty');
  if (type.length > REACTION_TYPE_LENGTH)
    throw fieldError('type', 'maxLength', `must be at most ${REACTION_TYPE_LENGTH} characters; it is ${type.length}`);
  if (CONTROL.test(type)) throw fieldError('type', 'noControl', 'must not contain control characters or line breaks');
  if (type.trim() !== type) throw fieldError('type', 'noSurroundingSpace', 'must not start or end with a space');
}

export class ReactionsService {
  constructor(
    private readonly store: Store,
    private readonly events: EventsService,
    private readonly attachments: AttachmentsService,
  ) {}

  /** `actor`: null for the backend acting for `userId` (who must be a participant); else the user themself. */
  add(ctx: ProjectContext, messageId: string, userId: string, type: string, actor: Actor = null): Promise<Message> {
    return this.#react(ctx, messageId, userId, type, actor, 'add');
  }

  remove(ctx: ProjectContext, messageId: string, userId: string, type: string, actor: Actor = null): Promise<Message> {
    return this.#react(ctx, messageId, userId, type, actor, 'remove');
  }

  async #react(
    ctx: ProjectContext,
    messageId: string,
    userId: string,
    type: string,
    actor: Actor,
    op: 'add' | 'remove',
  ): Promise<Message> {
    checkReactionType(type);
    const message = await this.store.transaction(async () => {
      const row = await findMessage(this.store, ctx, messageId, actor, true);
      if (row.deleted_at !== null) throw errors.messageDeleted(messageId);
      if (actor === null && !(await this.store.rooms.isMember(row.room_id, userId))) {
        throw errors.participantNotFound(userId, row.room_id);
      }
      const key = { message_id: row.message_id, user_id: userId, type };
      const changed =
        op === 'add'
          ? await this.store.reactions.add({
              ...key,
              project_id: ctx.projectId,
              room_id: row.room_id,
              created_at: nowIso(),
            })
          : await this.store.reactions.remove(key);
      if (!changed) return (await this.attachments.withAttachments([toMessage(row)]))[0]!; // no change, no event
      // The change number's lock makes this the room's only change until commit: the counts read
      // after it include every reaction committed before, so two users reacting at once both count.
      const changeSeq = await this.store.messageChanges.nextChangeSeq(row.room_id);
      const counts = await this.store.reactions.counts(row.message_id);
      await this.store.messageChanges.update(row.message_id, {
        reactions: JSON.stringify(counts),
        change_seq: changeSeq,
      });
      const [message] = await this.attachments.withAttachments([
        toMessage((await this.store.messageChanges.find(ctx.projectId, row.message_id))!),
      ]);
      await this.events.record(ctx.projectId, op === 'add' ? 'reaction.added' : 'reaction.removed', row.room_id, {
        room_id: row.room_id,
        message_id: row.message_id,
        user_id: userId,
        reaction: type,
        reactions: counts,
        message,
        change_seq: changeSeq,
      });
      return message!;
    });
    return actor === null ? message : (await withOwnReactions(this.store, actor, [message]))[0]!;
  }
}
