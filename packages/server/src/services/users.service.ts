/**
 * The rules of users: who counts as one (issued a token by createToken, not deleted since), the
 * newest-first list, profile changes, and deletion: the user's tokens are revoked, they leave
 * every room as leaving would, and their messages stay or are redacted, all in one transaction.
 */
import { errors } from '../errors/app-error.js';
import type { UserRow } from '../store/users.store.js';
import type { Store } from '../store/store.js';
import { nowIso } from './clock.js';
import { decodeUserCursor, encodeUserCursor, type CursorOwner } from './cursor.js';
import type { EventsService } from './events.service.js';
import { assertJsonObjectSize } from './json-rules.js';
import { LIMITS } from './limits.js';
import type { MessagesService } from './messages.service.js';
import type { JsonObject, Page, ProjectContext, User, UserDeletion, UserRole } from './models.js';
import type { RoomsService } from './rooms.service.js';

export interface ListUsersInput {
  role?: UserRole | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}

export interface UpdateUserInput {
  /** `null` clears it. */
  name?: string | null | undefined;
  /** Replaces the old info whole; `{}` clears it. */
  info?: JsonObject | undefined;
  role?: UserRole | undefined;
}

export interface DeleteUserInput {
  /** Erase the content and metadata of every message the user sent. */
  redactMessages?: boolean | undefined;
}

export function toUser(row: UserRow): User {
  return {
    user_id: row.user_id,
    name: row.name,
    role: row.role as UserRole,
    info: row.user_info === null ? {} : (JSON.parse(row.user_info) as JsonObject),
    created_at: row.issued_at!,
    updated_at: row.updated_at,
  };
}

const ownerOf = (ctx: ProjectContext, role: UserRole | undefined): CursorOwner => ({
  projectId: ctx.projectId,
  scope: `\u0000users\u0000${role ?? ''}`,
});

export class UsersService {
  constructor(
    private readonly store: Store,
    private readonly events: EventsService,
    private readonly rooms: RoomsService,
    private readonly messages: MessagesService,
  ) {}

  /**
   * Newest first (by first token, ties by user id, descending). Keyset paging on a value that
   * never changes for a user: users created while paging come before the first page and are not
   * shown, none is shown twice or skipped.
   */
  async list(ctx: ProjectContext, input: ListUsersInput): Promise<Page<User>> {
    const limit = input.limit ?? LIMITS.pageDefault;
    const owner = ownerOf(ctx, input.role);
    const after = input.cursor === undefined ? undefined : decodeUserCursor(input.cursor, owner);
    const rows = await this.store.users.list({ projectId: ctx.projectId, role: input.role, after, limit: limit + 1 });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const hasMore = rows.length > limit;
    return {
      data: page.map(toUser),
      has_more: hasMore,
      next_cursor:
        hasMore && last ? encodeUserCursor({ issuedAt: last.issued_at!, userId: last.user_id }, owner) : null,
    };
  }

  async get(ctx: ProjectContext, userId: string): Promise<User> {
    return toUser(await this.#find(ctx, userId));
  }

  /**
   * Changes the profile the users API shows and the role. Tokens already issued keep the claims
   * they were issued with (a refresh keeps them too); the next createToken carries the new ones.
   */
  async update(ctx: ProjectContext, userId: string, input: UpdateUserInput): Promise<User> {
    if (input.info !== undefined) assertJsonObjectSize('info', input.info);
    return this.store.transaction(async () => {
      await this.#find(ctx, userId);
      await this.store.users.update(ctx.projectId, userId, {
        ...(input.name !== undefined && { name: input.name }),
        ...(input.role !== undefined && { role: input.role }),
        ...(input.info !== undefined && {
          user_info: Object.keys(input.info).length === 0 ? null : JSON.stringify(input.info),
        }),
        updated_at: nowIso(),
      });
      return toUser(await this.#find(ctx, userId));
    });
  }

  /**
   * Deletes the user: every token issued to them stops working (open connections close with
   * 4003), they leave every room (participant.removed, room.deleted for a room they were the
   * last one in), and with `redactMessages` their messages are redacted (MessagesService.redactSender).
   * Their profile is erased; only the revocation counter is kept, so old tokens stay refused.
   */
  async delete(ctx: ProjectContext, userId: string, input: DeleteUserInput = {}): Promise<UserDeletion> {
    const at = nowIso();
    return this.store.transaction(async () => {
      // First, so a concurrent deletion of the same user waits for this one and then finds no user.
      if (!(await this.store.users.markDeleted(ctx.projectId, userId, at))) throw errors.userNotFound(userId);
      // Redacted first: each room hears its messages were erased before it hears the user left.
      const redactedCount = input.redactMessages ? await this.messages.redactSender(ctx, userId, at) : 0;
      const { left, deleted } = await this.rooms.removeEverywhere(ctx, userId);
      // Heard once the deletion has committed, after the room events: connections close last.
      this.events.publish({ kind: 'revoked', projectId: ctx.projectId, userId });
      return {
        user_id: userId,
        deleted_at: at,
        rooms_left: left,
        rooms_deleted: deleted,
        messages_redacted: redactedCount,
      };
    });
  }

  async #find(ctx: ProjectContext, userId: string): Promise<UserRow> {
    const row = await this.store.users.findIssued(ctx.projectId, userId);
    if (!row) throw errors.userNotFound(userId);
    return row;
  }
}
