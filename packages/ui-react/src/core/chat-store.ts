/**
 * Everything the components show about one OiChatClient, kept in step with its events: the
 * connection, my rooms with their last message, unread counts, who is online, who is typing,
 * how far each participant has read, and one timeline per open room. Framework-free: the React
 * hooks are thin readers of these observables, so a layout of your own can use them too. This
 * module routes the client's events; the state itself lives in the parts it wires together
 * (the room directory, read state, typing, timelines).
 */
import type { OiChatClient, ConnectionState, OiChatError, Room } from '@oichat/sdk';
import { type FeatureCalls, type Features, featureCalls, featuresOf } from './features.js';
import { subscribeChanges } from './change-events.js';
import { MessageActions } from './message-actions.js';
import type { ChatMessage } from './model.js';
import { Observable } from './observable.js';
import { ReadState, type UnreadEntry } from './read-state.js';
import { RoomDirectory, type RoomsState } from './room-directory.js';
import { ThreadTimeline } from './thread.js';
import { TypingState } from './typing.js';
import { UploadQueue } from './uploads.js';
import { RoomTimeline, type TimelineHost } from './timeline.js';
import { UserDirectory, type UsersOption } from './users.js';

export type { RoomsState } from './room-directory.js';
export type { UnreadEntry } from './read-state.js';

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

/** Timelines of rooms no longer on screen that are kept for a quick return. */
const KEPT_TIMELINES = 8;

export class ChatStore implements TimelineHost {
  readonly connection: Observable<ConnectionInfo>;
  readonly me = new Observable<string | undefined>(undefined);
  readonly online = new Observable<ReadonlySet<string>>(new Set());
  readonly rooms: Observable<RoomsState>;
  /** Rooms asked for by id that are not (yet) in the list, e.g. opened from a link. */
  readonly extraRooms: Observable<ReadonlyMap<string, Room>>;
  readonly previews: Observable<ReadonlyMap<string, ChatMessage>>;
  readonly unread: Observable<ReadonlyMap<string, UnreadEntry>>;
  /** Room id → user id → the seq they have read up to (from `read` events seen by this client). */
  readonly receipts: Observable<ReadonlyMap<string, ReadonlyMap<string, number>>>;
  /** Room id → the other users typing in it, in the order they started. */
  readonly typing: Observable<ReadonlyMap<string, readonly string[]>>;
  readonly users: UserDirectory;
  /** Which message features and attachments the client's SDK offers (the parts needing the others hide). */
  readonly features: Features;
  readonly calls: FeatureCalls;
  /** Edit, delete, react: the server's answer is shown at once. */
  readonly actions: MessageActions;

  readonly #directory: RoomDirectory;
  readonly #reads: ReadState;
  readonly #typing = new TypingState();
  readonly #timelines = new Map<string, RoomTimeline>();
  readonly #threads = new Map<string, ThreadTimeline>();
  readonly #uploads = new Map<string, UploadQueue>();
  #unsubscribe: (() => void)[] = [];
  #started = 0;

  constructor(
    readonly client: OiChatClient,
    users?: UsersOption,
  ) {
    this.users = new UserDirectory(users);
    this.features = featuresOf(client);
    this.calls = featureCalls(client);
    this.actions = new MessageActions(this.calls, (m) => this.applyMessage(m));
    this.connection = new Observable<ConnectionInfo>({ state: client.state, everConnected: false });
    this.#directory = new RoomDirectory(client);
    this.#reads = new ReadState(client, () => this.me.get());
    ({ rooms: this.rooms, extraRooms: this.extraRooms, previews: this.previews } = this.#directory);
    ({ unread: this.unread, receipts: this.receipts } = this.#reads);
    this.typing = this.#typing.typing;
    if (client.userId) this.me.set(client.userId);
  }

  /** Subscribes to the client and loads rooms and unread counts. Counted: stop() as often undoes it. */
  start(): void {
    if (this.#started++ > 0) return;
    const c = this.client;
    const rooms = this.#directory;
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
        this.#typing.clear();
        // Rooms may have come or gone while there was no socket (before the first connect too:
        // the list read at start can predate a room created before the socket was up), and no
        // event replays those: the list and the counts are read again on every (re)connect.
        void rooms.reload();
        void this.#reads.reload();
      }),
      c.on('message.created', (e) => {
        this.#onMessage(e.room_id, e.message as ChatMessage);
        // A reply: the event also carries its root as it is now (reply_count).
        const root = (e as { root?: { message?: ChatMessage } }).root?.message;
        if (root && typeof root.seq === 'number') this.applyMessage(root);
      }),
      c.on('room.created', ({ room }) => this.#addRoom(room)),
      // Events after room.created carry the room without its member list (it could be huge):
      // the list we hold is kept, and changed by the participant events.
      c.on('room.updated', ({ room }) => rooms.merge(room)),
      c.on('room.deleted', ({ room_id }) => this.#removeRoom(room_id)),
      c.on('participant.added', ({ user_id, room }) => {
        if (user_id !== this.me.get()) rooms.merge(room, user_id);
        // Added to a room I did not know: its members come with the room itself.
        else
          this.client.rooms.get(room.room_id).then(
            (full) => this.#addRoom(full),
            () => {}, // gone again, or no longer mine: its own event follows
          );
      }),
      c.on('participant.removed', ({ room_id, user_id }) => {
        if (user_id === this.me.get()) this.#removeRoom(room_id);
        else rooms.patch(room_id, (r) => ({ ...r, participants: r.participants.filter((p) => p !== user_id) }));
      }),
      c.on('read', ({ room_id, user_id, seq }) => this.#reads.onRead(room_id, user_id, seq)),
      c.on('typing', ({ room_id, user_id, state }) => this.#typing.set(room_id, user_id, state === 'start')),
      c.on('presence', ({ user_id, state }) =>
        this.online.update((set) => {
          if (set.has(user_id) === (state === 'online')) return set;
          const next = new Set(set);
          if (state === 'online') next.add(user_id);
          else next.delete(user_id);
          return next;
        }),
      ),
      ...subscribeChanges(
        this.client,
        () => this.me.get(),
        (m, mine) => this.applyMessage(m, mine),
      ),
    ];
    if (this.rooms.get().status === 'idle' || this.rooms.get().status === 'error') void rooms.reload();
    void this.#reads.loadOnce();
  }

  stop(): void {
    if (--this.#started > 0) return;
    this.#started = 0;
    for (const off of this.#unsubscribe) off();
    this.#unsubscribe = [];
    this.#typing.clear();
  }

  // ------------------------------------------------------------ rooms

  reloadRooms(): Promise<void> {
    return this.#directory.reload();
  }

  loadMoreRooms(): Promise<void> {
    return this.#directory.loadMore();
  }

  /** Every room of mine (for searching the list), page after page. */
  loadAllRooms(): Promise<void> {
    return this.#directory.loadAll();
  }

  room(roomId: string): Room | undefined {
    return this.#directory.room(roomId);
  }

  /** Makes sure a room opened by id is known even when it is not in the loaded part of the list. */
  fetchRoom(roomId: string): Promise<void> {
    return this.#directory.fetch(roomId);
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

  /** The thread of a root message (one per root, kept while a few are). */
  thread(root: ChatMessage): ThreadTimeline {
    let t = this.#threads.get(root.message_id);
    if (t) {
      this.#threads.delete(root.message_id);
    } else {
      t = new ThreadTimeline(root, this.client, this.calls, () => this.me.get());
      const roomTimeline = this.#timelines.get(root.room_id)?.find(root.message_id);
      if (roomTimeline) t.replace(roomTimeline);
    }
    this.#threads.set(root.message_id, t);
    while (this.#threads.size > KEPT_TIMELINES) this.#threads.delete(this.#threads.keys().next().value!);
    return t;
  }

  /** Files being attached to the next message of a room (or of a thread: `roomId:rootId`). */
  uploads(roomId: string, key = roomId): UploadQueue {
    let q = this.#uploads.get(key);
    if (!q) {
      q = new UploadQueue(roomId, this.calls);
      this.#uploads.set(key, q);
    }
    return q;
  }

  /** A stored message changed: shown changed in its room, its thread, and the room list's preview. */
  applyMessage(m: ChatMessage, mine?: { type: string; add: boolean }): void {
    this.#timelines.get(m.room_id)?.replace(m, mine);
    this.#threads.get(m.message_id)?.replace(m, mine);
    if (m.parent_id) this.#threads.get(m.parent_id)?.replace(m, mine);
    this.#directory.noteChange(m);
  }

  // ------------------------------------------------------------ read state

  /** TimelineHost */
  currentUser(): string | undefined {
    return this.me.get();
  }

  /** TimelineHost: my read position in a room, once the unread counts are in. */
  lastRead(roomId: string): Promise<number> {
    return this.#reads.lastRead(roomId);
  }

  /** TimelineHost */
  ownMessageStored(roomId: string, seq: number): void {
    void this.markRead(roomId, seq);
  }

  /**
   * Marks the room read up to `seq` (never backwards). The count drops at once; the server is
   * told with one request at a time per room, the latest position winning.
   */
  markRead(roomId: string, seq: number): Promise<void> {
    return this.#reads.markRead(roomId, seq);
  }

  // ------------------------------------------------------------ events

  #onMessage(roomId: string, message: ChatMessage): void {
    this.#directory.noteMessage(roomId, message);
    this.#typing.set(roomId, message.sender_id, false);
    this.#reads.onMessage(roomId, message);
    this.#timelines.get(roomId)?.receive(message);
    if (message.parent_id) this.#threads.get(message.parent_id)?.receive(message);
  }

  #addRoom(room: Room): void {
    this.#directory.upsert(room, true);
    this.#reads.onNewRoom(room);
  }

  #removeRoom(roomId: string): void {
    this.#directory.remove(roomId);
    this.#timelines.delete(roomId);
  }
}
