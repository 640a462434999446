/**
 * Everything the components show about one OiChatClient, kept in step with its events: the
 * connection, my rooms with their last message, unread counts, who is online, who is typing,
 * how far each participant has read, and one timeline per open room. Framework-free: the React
 * hooks are thin readers of these observables, so a layout of your own can use them too.
 */
import type { OiChatClient, ConnectionState, OiChatError, Room, RoomSummary, UnreadCount } from '@oichat/sdk';
import type { ChatMessage } from './model.js';
import { Observable } from './observable.js';
import { RoomTimeline, type TimelineHost } from './timeline.js';
import { UserDirectory, type UsersOption } from './users.js';

export interface ConnectionInfo {
  state: ConnectionState;
  /** Has this client been connected at least once (a first "connecting" is not a lost connection). */
  everConnected: boolean;
  /** With `reconnecting`: the attempt number and its delay. */
  attempt?: number | undefined;
  delayMs?: number | undefined;
  /** With `disconnected` after a fatal close. */
  error?: OiChatError | undefined;
}

export interface RoomsState {
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: unknown;
  /** Most recent activity first. */
  rooms: readonly Room[];
  hasMore: boolean;
}

export interface UnreadEntry extends Omit<UnreadCount, 'unread_mentions'> {
  /** Unread messages that mention me (when the server counts them). */
  unread_mentions?: number | undefined;
}

/** A user stops showing as typing this long after their last `start` even without a `stop` (the server's own limit is 6 s). */
const TYPING_TTL_MS = 7_000;
const ROOM_PAGE = 50;
const PREVIEW_CONCURRENCY = 4;
/** Timelines of rooms no longer on screen that are kept for a quick return. */
const KEPT_TIMELINES = 8;

const activity = (r: Room): string => r.last_message_at ?? r.created_at;
const byActivity = (a: Room, b: Room): number => (activity(a) < activity(b) ? 1 : activity(a) > activity(b) ? -1 : 0);

export class ChatStore implements TimelineHost {
  readonly connection: Observable<ConnectionInfo>;
  readonly me = new Observable<string | undefined>(undefined);
  readonly rooms = new Observable<RoomsState>({ status: 'idle', error: null, rooms: [], hasMore: false });
  /** Rooms asked for by id that are not (yet) in the list, e.g. opened from a link. */
  readonly extraRooms = new Observable<ReadonlyMap<string, Room>>(new Map());
  readonly previews = new Observable<ReadonlyMap<string, ChatMessage>>(new Map());
  readonly unread = new Observable<ReadonlyMap<string, UnreadEntry>>(new Map());
  readonly online = new Observable<ReadonlySet<string>>(new Set());
  /** Room id → the other users typing in it, in the order they started. */
  readonly typing = new Observable<ReadonlyMap<string, readonly string[]>>(new Map());
  /** Room id → user id → the seq they have read up to (from `read` events seen by this client). */
  readonly receipts = new Observable<ReadonlyMap<string, ReadonlyMap<string, number>>>(new Map());
  readonly users: UserDirectory;

  readonly #timelines = new Map<string, RoomTimeline>();
  readonly #typingTimers = new Map<string, ReturnType<typeof setTimeout>>();
  readonly #readPosted = new Map<string, number>();
  readonly #readInFlight = new Map<string, Promise<unknown>>();
  #cursor: string | null = null;
  #unreadLoaded: Promise<void> | null = null;
  #unsubscribe: (() => void)[] = [];
  #started = 0;

  constructor(
    readonly client: OiChatClient,
    users?: UsersOption,
  ) {
    this.users = new UserDirectory(users);
    this.connection = new Observable<ConnectionInfo>({ state: client.state, everConnected: false });
    if (client.userId) this.me.set(client.userId);
  }

  /** Subscribes to the client and loads rooms and unread counts. Counted: stop() as often undoes it. */
  start(): void {
    if (this.#started++ > 0) return;
    const c = this.client;
    this.connection.update((info) => ({
      ...info,
      state: c.state,
      everConnected: info.everConnected || c.state === 'connected',
    }));
    if (c.userId) this.me.set(c.userId);
    this.#unsubscribe = [
      c.on('connection.state', (e) =>
        this.connection.set({
          state: e.state,
          everConnected: this.connection.get().everConnected || e.state === 'connected',
          attempt: e.attempt,
          delayMs: e.delayMs,
          error: e.error,
        }),
      ),
      c.on('ready', (e) => {
        this.me.set(e.user_id);
        this.online.set(new Set(e.online_users ?? []));
        this.#clearTyping();
        if (e.resumed) {
          // Rooms may have come or gone while offline, and nothing replays those events.
          void this.reloadRooms();
          void this.#loadUnread();
        }
      }),
      c.on('message.created', ({ room_id, message }) => this.#onMessage(room_id, message as ChatMessage)),
      c.on('room.created', ({ room }) => this.#upsertRoom(room, true)),
      // Events after room.created carry the room without its member list (it could be huge):
      // the list we hold is kept, and changed by the participant events.
      c.on('room.updated', ({ room }) => this.#mergeRoom(room)),
      c.on('room.deleted', ({ room_id }) => this.#removeRoom(room_id)),
      c.on('participant.added', ({ user_id, room }) => {
        if (user_id !== this.me.get()) this.#mergeRoom(room, user_id);
        // Added to a room I did not know: its members come with the room itself.
        else
          this.client.rooms.get(room.room_id).then(
            (full) => this.#upsertRoom(full, true),
            () => {}, // gone again, or no longer mine: its own event follows
          );
      }),
      c.on('participant.removed', ({ room_id, user_id }) => {
        if (user_id === this.me.get()) this.#removeRoom(room_id);
        else this.#patchRoom(room_id, (r) => ({ ...r, participants: r.participants.filter((p) => p !== user_id) }));
      }),
      c.on('read', ({ room_id, user_id, seq }) => {
        if (user_id === this.me.get()) this.#setLastRead(room_id, seq);
        else this.#setReceipt(room_id, user_id, seq);
      }),
      c.on('typing', ({ room_id, user_id, state }) => this.#setTyping(room_id, user_id, state === 'start')),
      c.on('presence', ({ user_id, state }) =>
        this.online.update((set) => {
          if (set.has(user_id) === (state === 'online')) return set;
          const next = new Set(set);
          if (state === 'online') next.add(user_id);
          else next.delete(user_id);
          return next;
        }),
      ),
      ...this.#futureEvents(),
    ];
    if (this.rooms.get().status === 'idle' || this.rooms.get().status === 'error') void this.reloadRooms();
    if (!this.#unreadLoaded) this.#unreadLoaded = this.#loadUnread();
  }

  stop(): void {
    if (--this.#started > 0) return;
    this.#started = 0;
    for (const off of this.#unsubscribe) off();
    this.#unsubscribe = [];
    this.#clearTyping();
  }

  // ------------------------------------------------------------ rooms

  async reloadRooms(): Promise<void> {
    this.rooms.update((s) => ({ ...s, status: s.status === 'ready' ? 'ready' : 'loading', error: null }));
    try {
      const page = await this.client.rooms.list({ limit: ROOM_PAGE });
      this.#cursor = page.next_cursor;
      this.rooms.set({ status: 'ready', error: null, rooms: [...page.data].sort(byActivity), hasMore: page.has_more });
      void this.#loadPreviews(page.data);
    } catch (error) {
      this.rooms.update((s) => ({ ...s, status: s.rooms.length > 0 ? 'ready' : 'error', error }));
    }
  }

  async loadMoreRooms(): Promise<void> {
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
  async loadAllRooms(): Promise<void> {
    while (this.rooms.get().hasMore && this.#cursor !== null) {
      const before = this.#cursor;
      await this.loadMoreRooms();
      if (this.#cursor === before) return;
    }
  }

  room(roomId: string): Room | undefined {
    return this.rooms.get().rooms.find((r) => r.room_id === roomId) ?? this.extraRooms.get().get(roomId);
  }

  /** Makes sure a room opened by id is known even when it is not in the loaded part of the list. */
  async fetchRoom(roomId: string): Promise<void> {
    if (this.room(roomId)) return;
    const room = await this.client.rooms.get(roomId);
    this.extraRooms.update((m) => new Map(m).set(room.room_id, room));
    void this.#loadPreviews([room]);
  }

  // ------------------------------------------------------------ timelines

  timeline(roomId: string): RoomTimeline {
    let t = this.#timelines.get(roomId);
    if (t) {
      // Most recently used last, for eviction.
      this.#timelines.delete(roomId);
      this.#timelines.set(roomId, t);
      return t;
    }
    t = new RoomTimeline(roomId, this);
    this.#timelines.set(roomId, t);
    this.#evict();
    return t;
  }

  #evict(): void {
    let idle = [...this.#timelines.values()].filter((t) => !t.retained);
    while (idle.length > KEPT_TIMELINES) {
      const oldest = idle.shift()!;
      this.#timelines.delete(oldest.roomId);
      idle = idle.filter((t) => t !== oldest);
    }
  }

  // ------------------------------------------------------------ read state

  /** TimelineHost */
  currentUser(): string | undefined {
    return this.me.get();
  }

  /** TimelineHost: my read position in a room, once the unread counts are in. */
  async lastRead(roomId: string): Promise<number> {
    this.#unreadLoaded ??= this.#loadUnread();
    await this.#unreadLoaded;
    return this.unread.get().get(roomId)?.last_read_seq ?? 0;
  }

  /** TimelineHost */
  ownMessageStored(roomId: string, seq: number): void {
    void this.markRead(roomId, seq);
  }

  /**
   * Marks the room read up to `seq` (never backwards). The count drops at once; the server is
   * told with one request at a time per room, the latest position winning.
   */
  async markRead(roomId: string, seq: number): Promise<void> {
    const known = Math.max(this.#readPosted.get(roomId) ?? 0, this.unread.get().get(roomId)?.last_read_seq ?? 0);
    if (seq <= 0 || seq <= known) return;
    this.#readPosted.set(roomId, seq);
    this.#setLastRead(roomId, seq);
    const previous = this.#readInFlight.get(roomId);
    const run = (previous ?? Promise.resolve())
      .then(() => {
        // A later call has a higher seq: that one speaks for both.
        if ((this.#readPosted.get(roomId) ?? 0) > seq) return;
        return this.client.markRead(roomId, seq);
      })
      .catch(() => {
        // Not read on the server after all: let a later view try again.
        if (this.#readPosted.get(roomId) === seq) this.#readPosted.delete(roomId);
      });
    this.#readInFlight.set(roomId, run);
    await run;
    if (this.#readInFlight.get(roomId) === run) this.#readInFlight.delete(roomId);
  }

  async #loadUnread(): Promise<void> {
    try {
      const { data: counts } = await this.client.rooms.unread();
      this.unread.update((current) => {
        const next = new Map<string, UnreadEntry>();
        for (const c of counts) {
          // A read I just made locally may be newer than the answer.
          const local = current.get(c.room_id);
          const lastRead = Math.max(c.last_read_seq, local?.last_read_seq ?? 0);
          const lastSeq = Math.max(c.last_seq, local?.last_seq ?? 0);
          next.set(c.room_id, {
            ...c,
            last_seq: lastSeq,
            last_read_seq: lastRead,
            unread_count: Math.max(0, lastSeq - lastRead),
          });
        }
        return next;
      });
    } catch {
      // Unread counts are an extra: the rooms still open (at their newest messages).
    }
  }

  #setLastRead(roomId: string, seq: number): void {
    this.unread.update((m) => {
      const cur = m.get(roomId) ?? { room_id: roomId, last_seq: seq, last_read_seq: 0, unread_count: 0 };
      if (seq <= cur.last_read_seq) return m;
      const lastSeq = Math.max(cur.last_seq, seq);
      const unread_count = Math.max(0, lastSeq - seq);
      const entry: UnreadEntry = { ...cur, last_seq: lastSeq, last_read_seq: seq, unread_count };
      if (unread_count === 0 && entry.unread_mentions) entry.unread_mentions = 0;
      return new Map(m).set(roomId, entry);
    });
  }

  #setReceipt(roomId: string, userId: string, seq: number): void {
    this.receipts.update((all) => {
      const room = all.get(roomId);
      if ((room?.get(userId) ?? 0) >= seq) return all;
      return new Map(all).set(roomId, new Map(room).set(userId, seq));
    });
  }

  // ------------------------------------------------------------ events

  #onMessage(roomId: string, message: ChatMessage): void {
    const me = this.me.get();
    this.#patchRoom(roomId, (r) => ({
      ...r,
      last_seq: Math.max(r.last_seq, message.seq),
      message_count: Math.max(r.message_count, message.seq),
      last_message_at: message.created_at,
    }));
    this.previews.update((m) => {
      const cur = m.get(roomId);
      return cur && cur.seq >= message.seq ? m : new Map(m).set(roomId, message);
    });
    this.unread.update((m) => {
      const cur = m.get(roomId) ?? { room_id: roomId, last_seq: 0, last_read_seq: 0, unread_count: 0 };
      if (message.seq <= cur.last_seq) return m;
      const mentionsMe = me !== undefined && (message.mentions ?? []).includes(me);
      const entry: UnreadEntry = {
        ...cur,
        last_seq: message.seq,
        unread_count: Math.max(0, message.seq - cur.last_read_seq),
      };
      if (mentionsMe) entry.unread_mentions = (cur.unread_mentions ?? 0) + 1;
      return new Map(m).set(roomId, entry);
    });
    this.#setTyping(roomId, message.sender_id, false);
    // Whoever sends has read the room up to their message.
    if (message.sender_id !== me) this.#setReceipt(roomId, message.sender_id, message.seq);
    this.#timelines.get(roomId)?.receive(message);
    if (message.sender_id === me) void this.markRead(roomId, message.seq);
  }

  /**
   * The message-features events (edit, delete, reactions), once the SDK emits them: each carries
   * the changed message, which replaces the one shown. Subscribed by name so that this package
   * needs no change on the day they arrive; until then nothing is ever emitted under these names.
   */
  #futureEvents(): (() => void)[] {
    const on = this.client.on.bind(this.client) as unknown as (
      event: string,
      handler: (e: { room_id?: string; message?: ChatMessage }) => void,
    ) => () => void;
    const apply = (e: { room_id?: string; message?: ChatMessage }) => {
      const m = e.message;
      if (!m || typeof m.seq !== 'number') return;
      const roomId = e.room_id ?? m.room_id;
      this.#timelines.get(roomId)?.replace(m);
      this.previews.update((p) => (p.get(roomId)?.seq === m.seq ? new Map(p).set(roomId, m) : p));
    };
    return ['message.updated', 'message.deleted', 'reaction.added', 'reaction.removed'].map((name) => on(name, apply));
  }

  /** A room I hold, changed: its new fields, with `added` (if any) among its participants. */
  #mergeRoom(summary: RoomSummary, added?: string): void {
    this.#patchRoom(summary.room_id, (r) => ({
      ...r,
      ...summary,
      participants: added === undefined || r.participants.includes(added) ? r.participants : [...r.participants, added],
    }));
  }

  #upsertRoom(room: Room, isNew: boolean): void {
    this.rooms.update((s) => {
      const i = s.rooms.findIndex((r) => r.room_id === room.room_id);
      if (i < 0 && !isNew) return s;
      const rooms = i < 0 ? [room, ...s.rooms] : s.rooms.map((r) => (r.room_id === room.room_id ? room : r));
      return { ...s, rooms: rooms.sort(byActivity) };
    });
    this.extraRooms.update((m) => (m.has(room.room_id) ? new Map(m).set(room.room_id, room) : m));
    if (isNew)
      this.unread.update((m) =>
        m.has(room.room_id)
          ? m
          : new Map(m).set(room.room_id, {
              room_id: room.room_id,
              last_seq: room.last_seq,
              last_read_seq: 0,
              unread_count: room.last_seq,
            }),
      );
  }

  #patchRoom(roomId: string, fn: (r: Room) => Room): void {
    this.rooms.update((s) => {
      if (!s.rooms.some((r) => r.room_id === roomId)) return s;
      return { ...s, rooms: s.rooms.map((r) => (r.room_id === roomId ? fn(r) : r)).sort(byActivity) };
    });
    this.extraRooms.update((m) => {
      const r = m.get(roomId);
      return r ? new Map(m).set(roomId, fn(r)) : m;
    });
  }

  #removeRoom(roomId: string): void {
    this.rooms.update((s) => ({ ...s, rooms: s.rooms.filter((r) => r.room_id !== roomId) }));
    this.extraRooms.update((m) => {
      if (!m.has(roomId)) return m;
      const next = new Map(m);
      next.delete(roomId);
      return next;
    });
    this.#timelines.delete(roomId);
  }

  async #loadPreviews(rooms: readonly Room[]): Promise<void> {
    // The room list carries no last message: read each room's newest one, a few at a time.
    const queue = rooms.filter((r) => r.last_seq > 0 && !this.previews.get().has(r.room_id));
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

  #setTyping(roomId: string, userId: string, typing: boolean): void {
    const timerKey = `${roomId}\u0000${userId}`;
    clearTimeout(this.#typingTimers.get(timerKey));
    this.#typingTimers.delete(timerKey);
    if (typing)
      this.#typingTimers.set(
        timerKey,
        setTimeout(() => this.#setTyping(roomId, userId, false), TYPING_TTL_MS),
      );
    this.typing.update((m) => {
      const cur = m.get(roomId) ?? [];
      if (cur.includes(userId) === typing) return m;
      const next = typing ? [...cur, userId] : cur.filter((u) => u !== userId);
      return new Map(m).set(roomId, next);
    });
  }

  #clearTyping(): void {
    for (const t of this.#typingTimers.values()) clearTimeout(t);
    this.#typingTimers.clear();
    if (this.typing.get().size > 0) this.typing.set(new Map());
  }
}
