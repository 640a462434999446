/**
 * Message search: the words of the query, each matched as a substring of the content (so a part
 * of a Korean word matches too; letters A–Z in either case, other characters as written), newest
 * first, cursor-paged. The backend searches its project (optionally one room, one sender); an end
 * user only the rooms they belong to. Deleted and redacted messages, and messages of deleted
 * rooms, are never found.
 */
import { errors, fieldError } from '../errors/app-error.js';
import type { Store } from '../store/store.js';
import { decodeSearchCursor, encodeSearchCursor } from './cursor.js';
import type { AttachmentsService } from './attachments.service.js';
import { withOwnReactions } from './message-access.js';
import { toMessage } from './messages.service.js';
import { LIMITS } from './limits.js';
import type { Message, Page, ProjectContext } from './models.js';

export const SEARCH_LIMITS = { queryLength: 200, terms: 10 } as const;

export interface SearchInput {
  query: string;
  room_id?: string | undefined;
  sender_id?: string | undefined;
  cursor?: string | undefined;
  limit?: number | undefined;
}

/** The query's words; a 400 naming `query` when there are none or too many. */
export function searchTerms(query: string): string[] {
  if (query.length > SEARCH_LIMITS.queryLength)
    throw fieldError('query', 'maxLength', `must be at most ${SEARCH_LIMITS.queryLength} characters`);
  // A–Z only: the stores fold no other letters (search.store.ts), whatever their locale.
  const lowered = query.trim().replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
  const terms = [...new Set(lowered.split(/\s+/u).filter(Boolean))];
  if (terms.length === 0) throw fieldError('query', 'minLength', 'must hold at least one word');
  if (terms.length > SEARCH_LIMITS.terms)
    throw fieldError('query', 'maxItems', `must hold at most ${SEARCH_LIMITS.terms} words`);
  return terms;
}

export class SearchService {
  constructor(
    private readonly store: Store,
    private readonly attachments: AttachmentsService,
  ) {}

  /** `userId`: an end user searching their own rooms; absent for the backend. */
  async search(ctx: ProjectContext, input: SearchInput, userId?: string): Promise<Page<Message>> {
    const terms = searchTerms(input.query);
    const owner = {
      projectId: ctx.projectId,
      scope: `\u0000search\u0000${userId ?? ''}\u0000${input.room_id ?? ''}\u0000${input.sender_id ?? ''}\u0000${terms.join(' ')}`,
    };
    const below = input.cursor === undefined ? undefined : decodeSearchCursor(input.cursor, owner);
    if (userId !== undefined && input.room_id !== undefined) {
      const room = await this.store.rooms.findLive(ctx.projectId, input.room_id);
      if (!room || !(await this.store.rooms.isMember(input.room_id, userId))) throw errors.roomNotFound(input.room_id);
    }
    const limit = input.limit ?? LIMITS.pageDefault;
    const rows = await this.store.search.search({
      projectId: ctx.projectId,
      terms,
      roomId: input.room_id,
      senderId: input.sender_id,
      memberId: userId,
      below,
      limit: limit + 1,
    });
    const page = await this.attachments.withAttachments(rows.slice(0, limit).map(toMessage));
    const last = page.at(-1);
    const hasMore = rows.length > limit && last !== undefined;
    return {
      data: userId === undefined ? page : await withOwnReactions(this.store, userId, page),
      next_cursor: hasMore
        ? encodeSearchCursor({ createdAt: last.created_at, messageId: last.message_id }, owner)
        : null,
      has_more: hasMore,
    };
  }
}
