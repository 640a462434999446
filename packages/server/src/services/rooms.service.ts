/**
 * The rules of rooms: who may be in them, direct-room uniqueness, soft deletion, the last
 * participant leaving, and snapshot paging of a user's rooms.
 *
 * Events carry the change: `room.created` and `room.deleted` the whole room (its participants
 * are what was created or lost), `room.updated` and `participant.*` the room without its
 * participant list (a reader that needs it fetches the room), so an event's size does not grow
 * with the room's.
 */
import { newId } from '../crypto/ids.js';
import { errors, fieldError, validationFailed, type ErrorDetail } from '../errors/app-error.js';
import type { Store } from '../store/store.js';
import type { EventsService } from './events.service.js';
import type { RoomFilters, RoomListRow, RoomRow } from '../store/rooms.store.js';
import { isoAt, nowIso, systemClock, type Clock } from './clock.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { assertJsonObjectSize } from './json-rules.js';
import { LIMITS, reservedUserIdProblem } from './limits.js';
import type { JsonObject, Page, ProjectContext, Room, RoomStatus, RoomSummary, RoomType } from './models.js';

export interface CreateRoomInput {
  type: RoomType;
  name?: string | undefined;
  participants: string[];
  metadata?: JsonObject | undefined;
}

export interface UpdateRoomInput {
  name?: string | null | undefined;
  metadata?: JsonObject | undefined;
  status?: RoomStatus | undefined;
}

export interface ListRoomsInput {
  /** A user's rooms; absent: every room of the project. */
  user_id?: string | undefined;
  type?: RoomType | undefined;
  status?: RoomStatus | undefined;
  /** `key=value` each: the top-level metadata key has that value (all must hold). */
  metadata?: readonly string[] | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}

/** The most metadata filters one list takes. */
export const MAX_METADATA_FILTERS = 10;

/** `key=value` (split at the first `=`) into the store's filters; a bad one names `metadata`. */
function roomFilters(input: ListRoomsInput): RoomFilters {
  const metadata = (input.metadata ?? []).map((text, i) => {
    const at = text.indexOf('=');
    if (at <= 0)
      throw fieldError(
        input.metadata!.length > 1 ? `metadata.${i}` : 'metadata',
        'keyValue',
        'must be key=value: a top-level metadata key, "=", and the value it must have',
      );
    return { key: text.slice(0, at), value: text.slice(at + 1) };
  });
  return { type: input.type, status: input.status, metadata };
}

/** The filters in one canonical text (part of a cursor's scope: a cursor pages only its own list). */
function filtersScope(f: RoomFilters): string {
  const pairs = [...(f.metadata ?? [])].map((m) => [m.key, m.value]).sort();
  return JSON.stringify([f.type ?? null, f.status ?? null, pairs]);
}

const NO_FILTERS = filtersScope({});

export interface LeaveResult {
  room_id: string;
  user_id: string;
  destroyed: boolean;
}

export function toRoom(row: RoomRow, participants: string[]): Room {
  return {
    room_id: row.room_id,
    type: row.type,
    name: row.name,
    status: row.status,
    metadata: JSON.parse(row.metadata) as JsonObject,
    participants,
    participant_count: Number(row.participant_count),
    message_count: Number(row.message_count),
    last_seq: Number(row.last_seq),
    created_at: row.created_at,
    updated_at: row.updated_at,
    last_message_at: row.last_message_at,
  };
}

export function summaryOf(room: Room): RoomSummary {
  const { participants: _, ...summary } = room;
  return summary;
}

// A space cannot occur in a user id, so the pair key is unambiguous (and PostgreSQL text holds it; a NUL it would not).
const directKey = (a: string, b: string): string => [a, b].sort().join(' ');

function checkParticipants(type: RoomType, participants: string[]): void {
  const problems: ErrorDetail[] = [];
  const seen = new Set<string>();
  participants.forEach((p, i) => {
    if (seen.has(p))
      problems.push({ field: `participants.${i}`, rule: 'unique', message: `duplicates participant "${p}"` });
    seen.add(p);
    const reserved = reservedUserIdProblem(`participants.${i}`, p);
    if (reserved) problems.push(reserved);
  });
  if (type === 'direct' && participants.length !== 2) {
    problems.push({ field: 'participants', rule: 'directPair', message: 'a direct room has exactly 2 participants' });
  }
  if (problems.length > 0) throw validationFailed(problems);
}

export class RoomsService {
  constructor(
    private readonly store: Store,
    private readonly events: EventsService,
    private readonly maxParticipants: number = LIMITS.maxParticipants,
    private readonly clock: Clock = systemClock,
  ) {}

  async create(ctx: ProjectContext, input: CreateRoomInput): Promise<{ room: Room; created: boolean }> {
    checkParticipants(input.type, input.participants);
    if (input.metadata !== undefined) assertJsonObjectSize('metadata', input.metadata);
    const [first, second] = input.participants as [string, string];
    const pairKey = input.type === 'direct' ? directKey(first, second) : null;

    return this.store.transaction(async () => {
      if (pairKey !== null) {
        await this.store.projects.lock(ctx.projectId);
        const existing = await this.store.rooms.findLiveDirect(ctx.projectId, pairKey);
        if (existing) return { room: await this.#withParticipants(existing), created: false };
      }
      const at = nowIso();
      const row: RoomRow = {
        room_id: newId.room(),
        project_id: ctx.projectId,
        type: input.type,
        name: input.name ?? null,
        status: 'open',
        metadata: JSON.stringify(input.metadata ?? {}),
        direct_key: pairKey,
        participant_count: 0,
        message_count: 0,
        last_seq: 0,
        activity_seq: 0,
        created_at: at,
        updated_at: at,
        last_message_at: null,
        deleted_at: null,
      };
      await this.store.rooms.insert(row);
      await this.store.rooms.addMembers(row, input.participants, at);
      await this.store.roomActivity.bump(ctx.projectId, row.room_id, at);
      const room = await this.#load(ctx, row.room_id);
      await this.events.record(ctx.projectId, 'room.created', room.room_id, { room });
      return { room, created: true };
    });
  }

  /**
   * A user's rooms, or (without user_id) every room of the project, most recent activity first,
   * narrowed by the filters. Paging is a snapshot taken at the first page (see RoomsStore).
   */
  async list(ctx: ProjectContext, input: ListRoomsInput): Promise<Page<Room>> {
    const limit = input.limit ?? LIMITS.pageDefault;
    const filters = roomFilters(input);
    const scope = filtersScope(filters);
    const userId = input.user_id;
    // A user's unfiltered list keeps the scope its cursors always had: the user id alone.
    const owner = {
      projectId: ctx.projectId,
      scope:
        userId === undefined ? `\u0000rooms\u0000${scope}` : scope === NO_FILTERS ? userId : `${userId}\u0000${scope}`,
    };
    const cursor = input.cursor === undefined ? null : decodeCursor(input.cursor, owner, this.clock.now());
    const snapshot = cursor?.snapshot ?? (await this.store.roomActivity.snapshot(ctx.projectId));
    const window = { projectId: ctx.projectId, snapshot, below: cursor?.below ?? snapshot + 1, limit: limit + 1 };
    const rows: RoomListRow[] =
      userId === undefined
        ? await this.store.rooms.listForProject({ ...window, filters })
        : await this.store.rooms.listForUser({ ...window, userId, filters });
    const page = rows.slice(0, limit);
    const hasMore = rows.length > limit;
    const members = await this.store.rooms.members(page.map((r) => r.room_id));
    const last = page.at(-1);
    return {
      data: page.map((r) => toRoom(r, members.get(r.room_id) ?? [])),
      has_more: hasMore,
      next_cursor:
        hasMore && last
          ? encodeCursor({ snapshot, below: last.snapshot_seq, takenAt: cursor?.takenAt ?? this.clock.now() }, owner)
          : null,
    };
  }

  /** Forgets paging history no live cursor can need any more (cursors live 24 h). */
  pruneActivity(now: number = this.clock.now()): Promise<void> {
    return this.store.roomActivity.prune(isoAt(now - LIMITS.cursorLifetimeMs));
  }

  get(ctx: ProjectContext, roomId: string): Promise<Room> {
    return this.#load(ctx, roomId);
  }

  /** The room without its participant list (no member is read). */
  async getSummary(ctx: ProjectContext, roomId: string): Promise<RoomSummary> {
    return summaryOf(toRoom(await this.#live(ctx, roomId), []));
  }

  /** The room, as seen by one of its participants; a non-member gets room_not_found, as for a missing room. */
  async getForMember(ctx: ProjectContext, roomId: string, userId: string): Promise<Room> {
    await this.assertMember(ctx, roomId, userId);
    return this.#load(ctx, roomId);
  }

  async assertMember(ctx: ProjectContext, roomId: string, userId: string): Promise<RoomRow> {
    const row = await this.#live(ctx, roomId);
    if (!(await this.store.rooms.isMember(roomId, userId))) throw errors.roomNotFound(roomId);
    return row;
  }

  /** Moves the user's read position forward and tells the room. */
  async markRead(
    ctx: ProjectContext,
    roomId: string,
    userId: string,
    seq: number,
  ): Promise<{ room_id: string; user_id: string; last_read_seq: number }> {
    return this.store.transaction(async () => {
      const row = await this.assertMember(ctx, roomId, userId);
      if (seq > Number(row.last_seq)) throw errors.readBeyondLastMessage(seq, Number(row.last_seq));
      const position = await this.store.rooms.markRead(roomId, userId, seq);
      this.events.publish({ kind: 'read', projectId: ctx.projectId, roomId, userId, seq: position });
      return { room_id: roomId, user_id: userId, last_read_seq: position };
    });
  }

  async unread(
    ctx: ProjectContext,
    userId: string,
  ): Promise<{ room_id: string; last_seq: number; last_read_seq: number; unread_count: number }[]> {
    const rows = await this.store.rooms.memberships(ctx.projectId, userId);
    return rows.map((r) => ({ ...r, unread_count: Math.max(0, r.last_seq - r.last_read_seq) }));
  }

  /** The newest seq of each of these rooms (a realtime node checking it missed nothing). */
  lastSeqs(roomIds: readonly string[]): Promise<Map<string, number>> {
    return this.store.rooms.lastSeqs(roomIds);
  }

  /** The participants of each of these rooms (a realtime node checking who still belongs). */
  async membersOf(roomIds: readonly string[]): Promise<Map<string, Set<string>>> {
    const out = new Map<string, Set<string>>();
    for (const [roomId, members] of await this.store.rooms.members(roomIds)) out.set(roomId, new Set(members));
    return out;
  }

  /** Everyone who shares at least one of these rooms, but for the user (whose presence a realtime node reports). */
  async peersOf(roomIds: readonly string[], userId: string): Promise<string[]> {
    const peers = new Set([...(await this.store.rooms.members(roomIds)).values()].flat());
    peers.delete(userId);
    return [...peers];
  }

  /** Every live room of the user with its newest seq (what a realtime connection starts from). */
  memberships(ctx: ProjectContext, userId: string): Promise<{ room_id: string; last_seq: number }[]> {
    return this.store.rooms.memberships(ctx.projectId, userId);
  }

  async update(ctx: ProjectContext, roomId: string, input: UpdateRoomInput): Promise<Room> {
    if (input.metadata !== undefined) assertJsonObjectSize('metadata', input.metadata);
    return this.store.transaction(async () => {
      await this.#live(ctx, roomId);
      const at = nowIso();
      await this.store.rooms.update(roomId, {
        ...(input.name !== undefined && { name: input.name }),
        ...(input.metadata !== undefined && { metadata: JSON.stringify(input.metadata) }),
        ...(input.status !== undefined && { status: input.status }),
        updated_at: at,
      });
      await this.store.roomActivity.bump(ctx.projectId, roomId, at);
      const room = await this.#load(ctx, roomId);
      await this.events.record(ctx.projectId, 'room.updated', roomId, { room: summaryOf(room) });
      return room;
    });
  }

  async delete(ctx: ProjectContext, roomId: string): Promise<void> {
    await this.store.transaction(async () => {
      const room = await this.#load(ctx, roomId);
      const at = nowIso();
      await this.store.rooms.update(roomId, { deleted_at: at, updated_at: at });
      await this.events.record(ctx.projectId, 'room.deleted', roomId, { room });
    });
  }

  async addParticipant(ctx: ProjectContext, roomId: string, userId: string): Promise<Room> {
    const reserved = reservedUserIdProblem('user_id', userId);
    if (reserved) throw validationFailed([reserved]);
    return this.store.transaction(async () => {
      const room = await this.#live(ctx, roomId);
      if (await this.store.rooms.isMember(roomId, userId)) return this.#load(ctx, roomId);
      if (room.type === 'direct') throw errors.directRoomParticipantsFixed();
      if (Number(room.participant_count) >= this.maxParticipants) throw errors.roomFull(this.maxParticipants);
      const at = nowIso();
      await this.store.rooms.addMembers(room, [userId], at);
      await this.store.rooms.update(roomId, { updated_at: at });
      const updated = await this.#load(ctx, roomId);
      await this.events.record(ctx.projectId, 'participant.added', roomId, {
        room_id: roomId,
        user_id: userId,
        room: summaryOf(updated),
      });
      return updated;
    });
  }

  async removeParticipant(ctx: ProjectContext, roomId: string, userId: string): Promise<Room> {
    return this.store.transaction(async () => {
      const room = await this.#live(ctx, roomId);
      if (room.type === 'direct') throw errors.directRoomParticipantsFixed();
      return (await this.#depart(ctx, room, userId)).room;
    });
  }

  async leave(ctx: ProjectContext, roomId: string, userId: string): Promise<LeaveResult> {
    return this.store.transaction(async () => {
      const room = await this.#live(ctx, roomId);
      const { destroyed } = await this.#depart(ctx, room, userId);
      return { room_id: roomId, user_id: userId, destroyed };
    });
  }

  /**
   * Takes the user out of every live room they are in, direct rooms included, as leaving each
   * would (participant.removed, and room.deleted for a room they were the last one in). Runs in
   * the caller's transaction. Returns how many rooms they left and how many of those were deleted.
   */
  async removeEverywhere(ctx: ProjectContext, userId: string): Promise<{ left: number; deleted: number }> {
    return this.store.transaction(async () => {
      let left = 0;
      let deleted = 0;
      for (const { room_id } of await this.store.rooms.memberships(ctx.projectId, userId)) {
        const row = await this.store.rooms.findLive(ctx.projectId, room_id);
        const remaining = row ? await this.store.rooms.removeMember(room_id, userId) : null;
        // Gone since the memberships were read (a concurrent leave or deletion): nothing to do.
        if (!row || remaining === null) continue;
        const { destroyed } = await this.#departed(ctx, row, userId, remaining);
        left++;
        if (destroyed) deleted++;
      }
      return { left, deleted };
    });
  }

  /**
   * Takes a user out of a room; deletes the room when nobody is left. Returns the room as it was
   * left and whether it was deleted.
   */
  async #depart(ctx: ProjectContext, row: RoomRow, userId: string): Promise<{ room: Room; destroyed: boolean }> {
    const remaining = await this.store.rooms.removeMember(row.room_id, userId);
    if (remaining === null) throw errors.participantNotFound(userId, row.room_id);
    return this.#departed(ctx, row, userId, remaining);
  }

  /**
   * What follows a user's removal from a room (`row` as it was read before, `remaining` as counted
   * after): the events, and the room's deletion when empty. `row`'s own count may be stale: a
   * concurrent leave may have committed since it was read.
   */
  async #departed(
    ctx: ProjectContext,
    row: RoomRow,
    userId: string,
    remaining: number,
  ): Promise<{ room: Room; destroyed: boolean }> {
    const at = nowIso();
    const destroyed = remaining <= 0;
    const patch = {
      updated_at: at,
      // A direct room someone left no longer stands for the pair; a new one may be created.
      direct_key: null,
      deleted_at: destroyed ? at : null,
    };
    await this.store.rooms.update(row.room_id, patch);
    const members = (await this.store.rooms.members([row.room_id])).get(row.room_id) ?? [];
    const room = toRoom({ ...row, ...patch, participant_count: members.length }, members);
    await this.events.record(ctx.projectId, 'participant.removed', row.room_id, {
      room_id: row.room_id,
      user_id: userId,
      room: summaryOf(room),
    });
    if (destroyed) await this.events.record(ctx.projectId, 'room.deleted', row.room_id, { room });
    return { room, destroyed };
  }

  async #live(ctx: ProjectContext, roomId: string): Promise<RoomRow> {
    const row = await this.store.rooms.findLive(ctx.projectId, roomId);
    if (!row) throw errors.roomNotFound(roomId);
    return row;
  }

  async #load(ctx: ProjectContext, roomId: string): Promise<Room> {
    return this.#withParticipants(await this.#live(ctx, roomId));
  }

  async #withParticipants(row: RoomRow): Promise<Room> {
    const members = await this.store.rooms.members([row.room_id]);
    return toRoom(row, members.get(row.room_id) ?? []);
  }
}
