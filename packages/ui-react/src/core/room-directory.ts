/**
 * My rooms as a room list shows them: the list (paged, most recent activity first), rooms opened
 * by id that are not in the loaded part of it, and each room's last message. The list is read
 * again, and reconciled with what events changed meanwhile, on every (re)connect: rooms created
 * or joined while this client had no socket (before its first connect, or while it was away)
 * come with no event that could be replayed.
 */
import type { OiChatClient, Room, RoomSummary } from '@oichat/sdk';
import type { ChatMessage } from './model.js';
import { Observable } from './observable.js';

export interface RoomsState {
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: unknown;
  /** Most recent activity first. */
  rooms: readonly Room[];
  hasMore: boolean;
}

const ROOM_PAGE = 50;
const PREVIEW_CONCURRENCY = 4;

const activity = (r: Room): string => r.last_message_at ?? r.created_at;
const byActivity = (a: Room, b: Room): number => (activity(a) < activity(b) ? 1 : activity(a) > activity(b) ? -1 : 0);

/** What events did to the list while a read of it was in flight (the answer may predate them). */
interface Changes {
  added: Map<string, Room>;
  removed: Set<string>;
}

export class RoomDirectory {
  readonly rooms = new Observable<RoomsState>({ status: 'idle', error: null, rooms: [], hasMore: false });
  /** Rooms asked for by id that are not (yet) in the list, e.g. opened from a link. */
  readonly extraRooms = new Observable<ReadonlyMap<string, Room>>(new Map());
  readonly previews = new Observable<ReadonlyMap<string, ChatMessage>>(new Map());

  #cursor: string | null = null;
  /** Reads of the first page: the answer of a read started later wins over one started earlier. */
  #reads = 0;
  #applied = 0;
  readonly #inFlight = new Set<Changes>();

  constructor(private readonly client: OiChatClient) {}

  /**
   * Reads the first page again and reconciles the list with it: new rooms come in, rooms the
   * answer no longer has (deleted, or I left) go, and what events did while the request was in
   * flight is kept. Rooms of later pages already loaded stay (the next page is read anew).
   */
  async reload(): Promise<void> {
    const read = ++this.#reads;
    const changes: Changes = { added: new Map(), removed: new Set() };
    this.#inFlight.add(changes);
    this.rooms.update((s) => ({ ...s, status: s.status === 'ready' ? 'ready' : 'loading', error: null }));
    try {
      const page = await this.client.rooms.list({ limit: ROOM_PAGE });
      if (read < this.#applied) return;
      this.#applied = read;
      this.#cursor = page.next_cursor;
      this.rooms.update((s) => ({
        status: 'ready',
        error: null,
        rooms: reconcile(s.rooms, page.data, page.has_more, changes),
        hasMore: page.has_more,
      }));
      void this.#loadPreviews(page.data);
    } catch (error) {
      if (read < this.#applied) return;
      this.rooms.update((s) => ({ ...s, status: s.rooms.length > 0 ? 'ready' : 'error', error }));
    } finally {
      this.#inFlight.delete(changes);
    }
  }

  async loadMore(): Promise<void> {
    const s = this.rooms.get();
    if (!s.hasMore || this.#cursor === null) return;
    try {
      const page = await this.client.rooms.list({ limit: ROOM_PAGE, cursor: this.#cursor });
      this.#cursor = page.next_cursor;
      this.rooms.update((cur) => {
        const known = new Set(cur.rooms.map((r) => r.room_id));
        const rooms = [...cur.rooms, ...page.data.filter((r) => !known.has(r.room_id))].sort(byActivity);
        return { ...cur, rooms, hasMore: page.has_more };
      });
      void this.#loadPreviews(page.data);
    } catch (error) {
      this.rooms.update((cur) => ({ ...cur, error }));
    }
  }

  /** Every room of mine (for searching the list), page after page. */
  async loadAll(): Promise<void> {
    while (this.rooms.get().hasMore && this.#cursor !== null) {
      const before = this.#cursor;
      await this.loadMore();
      if (this.#cursor === before) return;
    }
  }

  room(roomId: string): Room | undefined {
    return this.rooms.get().rooms.find((r) => r.room_id === roomId) ?? this.extraRooms.get().get(roomId);
  }

  /** Makes sure a room opened by id is known even when it is not in the loaded part of the list. */
  async fetch(roomId: string): Promise<void> {
    if (this.room(roomId)) return;
    const room = await this.client.rooms.get(roomId);
    this.extraRooms.update((m) => new Map(m).set(room.room_id, room));
    void this.#loadPreviews([room]);
  }

  /** A room of mine as it is now; `isNew`: added to the list if not in it (created, or I joined). */
  upsert(room: Room, isNew: boolean): void {
    if (isNew)
      for (const c of this.#inFlight) {
        c.added.set(room.room_id, room);
        c.removed.delete(room.room_id);
      }
    this.rooms.update((s) => {
      const i = s.rooms.findIndex((r) => r.room_id === room.room_id);
      if (i < 0 && !isNew) return s;
      const rooms = i < 0 ? [room, ...s.rooms] : s.rooms.map((r) => (r.room_id === room.room_id ? room : r));
      return { ...s, rooms: rooms.sort(byActivity) };
    });
    this.extraRooms.update((m) => (m.has(room.room_id) ? new Map(m).set(room.room_id, room) : m));
  }

  /** A room I hold, changed: its new fields, with `added` (if any) among its participants. */
  merge(summary: RoomSummary, added?: string): void {
    this.patch(summary.room_id, (r) => ({
      ...r,
      ...summary,
      participants: added === undefined || r.participants.includes(added) ? r.participants : [...r.participants, added],
    }));
  }

  patch(roomId: string, fn: (r: Room) => Room): void {
    this.rooms.update((s) => {
      if (!s.rooms.some((r) => r.room_id === roomId)) return s;
      return { ...s, rooms: s.rooms.map((r) => (r.room_id === roomId ? fn(r) : r)).sort(byActivity) };
    });
    this.extraRooms.update((m) => {
      const r = m.get(roomId);
      return r ? new Map(m).set(roomId, fn(r)) : m;
    });
  }

  remove(roomId: string): void {
    for (const c of this.#inFlight) {
      c.removed.add(roomId);
      c.added.delete(roomId);
    }
    this.rooms.update((s) => ({ ...s, rooms: s.rooms.filter((r) => r.room_id !== roomId) }));
    this.extraRooms.update((m) => {
      if (!m.has(roomId)) return m;
      const next = new Map(m);
      next.delete(roomId);
      return next;
    });
  }

  /** A message arrived: the room moves up, and its preview is the newest message. */
  noteMessage(roomId: string, message: ChatMessage): void {
    this.patch(roomId, (r) => ({
      ...r,
      last_seq: Math.max(r.last_seq, message.seq),
      message_count: Math.max(r.message_count, message.seq),
      last_message_at: message.created_at,
    }));
    this.previews.update((m) => {
      const cur = m.get(roomId);
      return cur && cur.seq >= message.seq ? m : new Map(m).set(roomId, message);
    });
  }

  /** A stored message changed: the preview shows it changed if it is the one shown. */
  noteChange(m: ChatMessage): void {
    this.previews.update((p) => (p.get(m.room_id)?.message_id === m.message_id ? new Map(p).set(m.room_id, m) : p));
  }

  async #loadPreviews(rooms: readonly Room[]): Promise<void> {
    // The room list carries no last message: read each room's newest one, a few at a time.
    const queue = rooms.filter((r) => r.last_seq > 0 && (this.previews.get().get(r.room_id)?.seq ?? 0) < r.last_seq);
    const worker = async () => {
      for (let room = queue.shift(); room; room = queue.shift()) {
        try {
          const page = await this.client.messages.list(room.room_id, { limit: 1 });
          const m = page.data[0] as ChatMessage | undefined;
          if (m) {
            const id = room.room_id;
            this.previews.update((p) => (p.get(id) && p.get(id)!.seq >= m.seq ? p : new Map(p).set(id, m)));
          }
        } catch {
          // A preview is an extra; the room is still listed.
        }
      }
    };
    await Promise.all(Array.from({ length: PREVIEW_CONCURRENCY }, worker));
  }
}

/**
 * The list after a fresh first page: the page's rooms (less those removed since it was asked
 * for, with activity newer than the answer kept), the rooms added since, and rooms of later
 * pages older than the page's last one. A room of the list the page should hold and does not
 * is gone.
 */
function reconcile(current: readonly Room[], page: readonly Room[], hasMore: boolean, changes: Changes): Room[] {
  const held = new Map(current.map((r) => [r.room_id, r]));
  const next = new Map<string, Room>();
  for (const r of page) {
    if (changes.removed.has(r.room_id)) continue;
    const mine = held.get(r.room_id);
    next.set(
      r.room_id,
      mine && mine.last_seq > r.last_seq
        ? { ...r, last_seq: mine.last_seq, message_count: mine.message_count, last_message_at: mine.last_message_at }
        : r,
    );
  }
  for (const [id, r] of changes.added) if (!next.has(id)) next.set(id, r);
  const oldest = page.at(-1);
  if (hasMore && oldest)
    for (const r of current) if (!next.has(r.room_id) && byActivity(r, oldest) > 0) next.set(r.room_id, r);
  return [...next.values()].sort(byActivity);
}
