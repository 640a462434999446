/**
 * Reading threads and mentions: a thread's replies, and a user's unread mentions. What sending a
 * reply or a mention checks and changes is in thread-rules.ts.
 */
import { errors, fieldError } from '../errors/app-error.js';
import type { Store } from '../store/store.js';
import type { AttachmentsService } from './attachments.service.js';
import { type Actor, findMessage, withOwnReactions } from './message-access.js';
import { type HistoryInput, toMessage } from './messages.service.js';
import { LIMITS } from './limits.js';
import type { Message, ProjectContext } from './models.js';

export class ThreadsService {
  constructor(
    private readonly store: Store,
    private readonly attachments: AttachmentsService,
  ) {}

  /** A thread's replies by seq (after=N, before=N, or the newest), like a room's history. */
  async replies(
    ctx: ProjectContext,
    messageId: string,
    input: HistoryInput,
    actor: Actor = null,
  ): Promise<{ data: Message[]; has_more: boolean }> {
    if (input.after !== undefined && input.before !== undefined) {
      throw fieldError('before', 'exclusive', 'cannot be combined with after; page in one direction at a time');
    }
    const root = await findMessage(this.store, ctx, messageId, actor);
    if (root.parent_id !== null) throw errors.messageNotFound(messageId); // a reply has no thread of its own
    const limit = input.limit ?? LIMITS.historyPageDefault;
    const rows =
      input.after !== undefined
        ? await this.store.threads.repliesAfter(root.message_id, input.after, limit + 1)
        : (await this.store.threads.repliesBefore(root.message_id, input.before ?? null, limit + 1)).reverse();
    const page = input.after !== undefined ? rows.slice(0, limit) : rows.slice(-limit);
    const data = await this.attachments.withAttachments(page.map(toMessage));
    return {
      data: actor === null ? data : await withOwnReactions(this.store, actor, data),
      has_more: rows.length > limit,
    };
  }

  /** Unread mentions of each of the user's rooms (0 where none). */
  unreadMentions(ctx: ProjectContext, userId: string): Promise<Map<string, number>> {
    return this.store.threads.unreadMentions(ctx.projectId, userId);
  }
}
