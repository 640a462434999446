/**
 * Routes signals (stored events and live-only ones) to the connections that may see them, and
 * keeps each room's messages in seq order with no gap or repeat per connection: a message that
 * skips ahead makes the hub read the missing ones from the store first.
 *
 * Indexes: connections by user, by room and by channel. A connection that is still loading its
 * rooms buffers signals, so nothing committed while it loads slips past it.
 *
 * A signal's frame is the same for every connection it goes to: it is serialized once (#frameOf)
 * and the same bytes are sent to each. Catch-up reads (#fill) go at the pace the peer reads:
 * they wait for the connection's send buffer to drain before sending more.
 */
import type { Services } from '../services/index.js';
import type { Signal } from '../services/events.service.js';
import type { Message, Room } from '../services/models.js';
import type { UserPrincipal } from '../services/tokens.service.js';
import { type Connection, EncodedFrame, type RoomFollow } from './connection.js';
import { CLOSE, LIMITS } from './protocol.js';

const key = (projectId: string, id: string) => `${projectId}\u0000${id}`;

/**
 * Whether a user is online anywhere. A single node knows from its own connections; a cluster asks
 * Redis (cluster/redis-bus.ts), so a user connected to two nodes does not go "offline" when one closes.
 */
export interface PresenceTracker {
  /** This node's first connection of the user opened: true when they were online nowhere before. */
  join(projectId: string, userId: string): Promise<boolean>;
  /** This node's last connection of the user closed: true when they are online nowhere now. */
  leave(projectId: string, userId: string): Promise<boolean>;
  /** Which of these users are online on any node; absent where this node alone knows (no cluster). */
  onlineAmong?(projectId: string, userIds: readonly string[]): Promise<string[]>;
}

const localPresence: PresenceTracker = { join: async () => true, leave: async () => true };

function addTo<K, V>(map: Map<K, Set<V>>, k: K, v: V): void {
  let set = map.get(k);
  if (!set) {
    set = new Set();
    map.set(k, set);
  }
  set.add(v);
}

function removeFrom<K, V>(map: Map<K, Set<V>>, k: K, v: V): void {
  const set = map.get(k);
  if (!set) return;
  set.delete(v);
  if (set.size === 0) map.delete(k);
}

export class Hub {
  readonly #byUser = new Map<string, Set<Connection>>();
  readonly #byRoom = new Map<string, Set<Connection>>();
  readonly #byChannel = new Map<string, Set<Connection>>();
  readonly #loading = new Map<Connection, Signal[]>();
  readonly #typing = new Map<string, NodeJS.Timeout>();
  /** Each signal's frame, serialized at most once whatever the number of recipients. */
  readonly #frames = new WeakMap<Signal, EncodedFrame>();
  /**
   * Redactions a followed room heard of while it may still send older messages (held live ones,
   * a fill's page read before the redaction committed): those go out redacted too.
   */
  readonly #redactions = new WeakMap<RoomFollow, Map<string, Redaction>>();
  /** Counters for operators (and tests). */
  readonly stats = { pendingDropped: 0, loadingOverflows: 0 };

  constructor(
    private readonly services: Services,
    private readonly onError: (err: unknown) => void,
    private readonly presence: PresenceTracker = localPresence,
  ) {}

  get connectionCount(): number {
    let n = 0;
    for (const set of this.#byUser.values()) n += set.size;
    return n;
  }

  /** Registers an authenticated connection, sends `ready`, then replays what it missed. */
  async attach(conn: Connection, user: UserPrincipal, resume: Record<string, number>): Promise<void> {
    conn.user = user;
    this.#loading.set(conn, []);
    const firstOfUser = !this.#byUser.has(conn.userKey);
    addTo(this.#byUser, conn.userKey, conn);
    let rooms: { room_id: string; last_seq: number }[];
    try {
      rooms = await this.services.rooms.memberships({ projectId: user.projectId }, user.userId);
    } catch (err) {
      this.detach(conn);
      throw err;
    }
    if (conn.closed) return this.detach(conn);
    for (const room of rooms) {
      const resumeFrom = resume[room.room_id];
      const delivered = resumeFrom === undefined ? room.last_seq : Math.min(Math.max(0, resumeFrom), room.last_seq);
      this.#follow(conn, room.room_id, delivered);
    }
    for (const channel of user.channels) addTo(this.#byChannel, key(user.projectId, channel), conn);
    let onlineUsers: string[];
    try {
      onlineUsers = await this.#onlinePeers(conn);
    } catch (err) {
      this.detach(conn);
      throw err;
    }
    if (conn.closed) return this.detach(conn);

    conn.send({ type: 'ready', user_id: user.userId, connection_id: conn.id, rooms, online_users: onlineUsers });
    for (const room of rooms)
      if (conn.rooms.get(room.room_id)!.delivered < room.last_seq) void this.#fill(conn, room.room_id);
    const buffered = this.#loading.get(conn) ?? [];
    this.#loading.delete(conn);
    for (const signal of buffered) this.#apply(conn, signal);
    if (firstOfUser) this.#presence(conn, 'online');
  }

  /**
   * Brings what this node's connections follow in line with the store, for what a lost
   * publication between nodes may have hidden: rooms that moved on (their missed messages are
   * filled) and, before anything is filled, rooms deleted or left meanwhile (followed no more,
   * and the client told). With `memberships` (after Redis reconnects), also rooms joined
   * meanwhile: one query per connected user, so not on the periodic pass. Cluster mode only.
   */
  async resync({ memberships = false }: { memberships?: boolean } = {}): Promise<void> {
    const rooms = [...this.#byRoom.keys()];
    const last = rooms.length > 0 ? await this.services.rooms.lastSeqs(rooms) : new Map<string, number>();
    const behind = (roomId: string) => {
      const newest = last.get(roomId);
      return (
        newest === undefined ||
        [...(this.#byRoom.get(roomId) ?? [])].some((c) => (c.rooms.get(roomId)?.delivered ?? newest) < newest)
      );
    };
    const suspect = rooms.filter(behind);
    const members = suspect.length > 0 ? await this.services.rooms.membersOf(suspect) : new Map<string, Set<string>>();
    for (const roomId of suspect) {
      const newest = last.get(roomId);
      for (const conn of [...(this.#byRoom.get(roomId) ?? [])]) {
        const follow = conn.rooms.get(roomId);
        if (!follow || !conn.user) continue;
        if (newest === undefined) {
          conn.send(roomFrames.deleted(roomId));
          this.#unfollow(conn, roomId);
        } else if (!members.get(roomId)?.has(conn.user.userId)) {
          conn.send(roomFrames.participantRemoved(roomId, conn.user.userId));
          this.#unfollow(conn, roomId);
        } else if (!follow.filling && follow.delivered < newest) {
          void this.#fill(conn, roomId);
        }
      }
    }
    if (memberships) await this.#joinMissedRooms();
  }

  /** Follows, from now on, the rooms each connected user joined without this node hearing of it. */
  async #joinMissedRooms(): Promise<void> {
    for (const conns of [...this.#byUser.values()]) {
      const sample = [...conns].find((c) => c.user && !this.#loading.has(c));
      if (!sample) continue;
      const { projectId, userId } = sample.user!;
      const ctx = { projectId };
      for (const { room_id: roomId, last_seq: lastSeq } of await this.services.rooms.memberships(ctx, userId)) {
        const missing = [...conns].filter((c) => !c.closed && !this.#loading.has(c) && !c.rooms.has(roomId));
        if (missing.length === 0) continue;
        const room = await this.services.rooms.get(ctx, roomId).catch(() => null);
        if (!room) continue;
        for (const conn of missing) {
          this.#follow(conn, roomId, lastSeq);
          conn.send(roomFrames.participantAdded(roomId, userId, room));
        }
      }
    }
  }

  /** The users with a connection here (what a cluster node re-announces to an emptied Redis). */
  connectedUsers(): { projectId: string; userId: string }[] {
    // A connection is indexed by user only once it has one.
    return [...this.#byUser.values()].map((conns) => {
      const { projectId, userId } = conns.values().next().value!.user!;
      return { projectId, userId };
    });
  }

  detach(conn: Connection): void {
    this.#loading.delete(conn);
    if (!conn.user) return;
    removeFrom(this.#byUser, conn.userKey, conn);
    for (const roomId of conn.rooms.keys()) removeFrom(this.#byRoom, roomId, conn);
    for (const channel of conn.user.channels) removeFrom(this.#byChannel, key(conn.user.projectId, channel), conn);
    if (!this.#byUser.has(conn.userKey)) {
      for (const roomId of conn.rooms.keys()) this.#stopTyping(conn.user.projectId, roomId, conn.user.userId);
      this.#presence(conn, 'offline');
    }
    conn.rooms.clear();
  }

  /** A typing request from a connection: only in rooms it follows. Returns false otherwise. */
  typing(conn: Connection, roomId: string, state: 'start' | 'stop'): boolean {
    if (!conn.user || !conn.rooms.has(roomId)) return false;
    const { projectId, userId } = conn.user;
    const k = key(roomId, userId);
    const timer = this.#typing.get(k);
    if (timer) clearTimeout(timer);
    if (state === 'stop') {
      this.#stopTyping(projectId, roomId, userId);
      return true;
    }
    if (!timer) this.services.events.publish({ kind: 'typing', projectId, roomId, userId, state: 'start' });
    this.#typing.set(k, setTimeout(() => this.#stopTyping(projectId, roomId, userId), LIMITS.typingExpiryMs).unref());
    return true;
  }

  closeAll(code: number, reason: string): void {
    for (const set of this.#byUser.values()) for (const conn of set) conn.close(code, reason);
    for (const timer of this.#typing.values()) clearTimeout(timer);
    this.#typing.clear();
  }

  /** Entry point for every signal, local or (later) from other nodes. */
  onSignal(signal: Signal): void {
    const projectId = signal.kind === 'event' ? signal.event.project_id : signal.projectId;
    const candidates = new Set<Connection>();
    const addAll = (set: Set<Connection> | undefined) => {
      for (const c of set ?? []) candidates.add(c);
    };
    switch (signal.kind) {
      case 'event': {
        if (signal.roomId) addAll(this.#byRoom.get(signal.roomId));
        const data = signal.event.data as { room?: Room; user_id?: string };
        if (signal.event.type === 'room.created') {
          for (const u of data.room?.participants ?? []) addAll(this.#byUser.get(key(projectId, u)));
        }
        if (data.user_id) addAll(this.#byUser.get(key(projectId, data.user_id)));
        break;
      }
      case 'read':
      case 'typing':
        addAll(this.#byRoom.get(signal.roomId));
        break;
      case 'presence':
        for (const r of signal.roomIds) addAll(this.#byRoom.get(r));
        break;
      case 'channel':
        addAll(this.#byChannel.get(key(projectId, signal.channel)));
        break;
      case 'revoked':
        addAll(this.#byUser.get(key(projectId, signal.userId)));
        break;
    }
    for (const [conn, buffer] of this.#loading) {
      if (conn.closed || conn.user?.projectId !== projectId) continue;
      if (buffer.length >= LIMITS.maxLoadingSignals) {
        // Too much happened while it loaded to hold it all: it has not had `ready` yet, so
        // closing loses it nothing; it reconnects (with the same resume) and loads afresh.
        buffer.length = 0;
        this.stats.loadingOverflows++;
        conn.close(CLOSE.tryAgainLater, 'try_again_later');
        continue;
      }
      buffer.push(signal);
    }
    for (const conn of candidates) if (!this.#loading.has(conn)) this.#apply(conn, signal);
  }

  /** The frame a signal becomes, for whichever connections it concerns: identical for all of them. */
  #frameOf(signal: Signal): EncodedFrame {
    let encoded = this.#frames.get(signal);
    if (!encoded) {
      encoded = new EncodedFrame(frameFor(signal));
      this.#frames.set(signal, encoded);
    }
    return encoded;
  }

  /** What one signal means for one connection (which may not be concerned at all). */
  #apply(conn: Connection, signal: Signal): void {
    const user = conn.user;
    if (!user || conn.closed) return;
    const projectId = signal.kind === 'event' ? signal.event.project_id : signal.projectId;
    if (projectId !== user.projectId) return;
    switch (signal.kind) {
      case 'event':
        return this.#applyEvent(conn, signal);
      case 'read':
        if (conn.rooms.has(signal.roomId)) conn.send(this.#frameOf(signal));
        return;
      case 'typing':
        if (conn.rooms.has(signal.roomId) && signal.userId !== user.userId) conn.send(this.#frameOf(signal));
        return;
      case 'presence':
        if (signal.userId !== user.userId && signal.roomIds.some((r) => conn.rooms.has(r)))
          conn.send(this.#frameOf(signal));
        return;
      case 'channel':
        if (user.channels.includes(signal.channel)) conn.send(this.#frameOf(signal));
        return;
      case 'revoked':
        if (signal.userId === user.userId) conn.close(CLOSE.tokenRevoked, 'token_revoked');
        return;
    }
  }

  #applyEvent(conn: Connection, signal: Extract<Signal, { kind: 'event' }>): void {
    const { roomId } = signal;
    if (!roomId) return;
    const { type, data } = signal.event;
    const me = conn.user!.userId;
    const room = data.room as Room | undefined;
    switch (type) {
      case 'message.created':
        if (conn.rooms.has(roomId)) this.#deliver(conn, roomId, data.message as Message, this.#frameOf(signal));
        return;
      case 'room.created':
        if (room?.participants.includes(me) && !conn.rooms.has(roomId)) {
          this.#follow(conn, roomId, room.last_seq);
          conn.send(this.#frameOf(signal));
        }
        return;
      case 'room.updated':
        if (conn.rooms.has(roomId)) conn.send(this.#frameOf(signal));
        return;
      case 'room.deleted':
        if (conn.rooms.has(roomId)) {
          conn.send(this.#frameOf(signal));
          this.#unfollow(conn, roomId);
        }
        return;
      case 'participant.added':
        if (data.user_id === me && !conn.rooms.has(roomId)) this.#follow(conn, roomId, room?.last_seq ?? 0);
        if (conn.rooms.has(roomId)) conn.send(this.#frameOf(signal));
        return;
      case 'participant.removed':
        if (conn.rooms.has(roomId)) conn.send(this.#frameOf(signal));
        if (data.user_id === me) this.#unfollow(conn, roomId);
        return;
      case 'messages.redacted': {
        const follow = conn.rooms.get(roomId);
        if (!follow) return;
        const redaction = data as unknown as Redaction;
        const bySender = this.#redactions.get(follow) ?? new Map<string, Redaction>();
        bySender.set(redaction.sender_id, redaction);
        this.#redactions.set(follow, bySender);
        conn.send(this.#frameOf(signal));
        return;
      }
    }
  }

  /** The message as this connection may be sent it: redacted when its room heard its sender's messages were. */
  #shown(follow: RoomFollow, message: Message): Message | null {
    const redaction = this.#redactions.get(follow)?.get(message.sender_id);
    if (!redaction || message.seq > redaction.up_to_seq || message.redacted_at !== undefined) return null;
    return { ...message, content: '', metadata: {}, redacted_at: redaction.redacted_at };
  }

  #follow(conn: Connection, roomId: string, delivered: number): void {
    conn.rooms.set(roomId, { delivered, filling: false, pending: [], overflowed: false });
    addTo(this.#byRoom, roomId, conn);
  }

  #unfollow(conn: Connection, roomId: string): void {
    conn.rooms.delete(roomId);
    removeFrom(this.#byRoom, roomId, conn);
  }

  /** `frame`: the message's frame when it comes from a signal (serialized once for all recipients). */
  #deliver(conn: Connection, roomId: string, message: Message, frame?: EncodedFrame): void {
    const follow = conn.rooms.get(roomId);
    if (!follow) return;
    if (follow.filling) {
      if (follow.pending.length >= LIMITS.maxPendingMessages) {
        // Committed, so the store has them: the fill reads them rather than this holding them all.
        this.stats.pendingDropped += follow.pending.length + 1;
        follow.pending = [];
        follow.overflowed = true;
        return;
      }
      follow.pending.push(message);
      return;
    }
    if (message.seq <= follow.delivered) return;
    if (message.seq === follow.delivered + 1) {
      const redacted = this.#shown(follow, message);
      conn.send(redacted ? roomFrames.message(roomId, redacted) : (frame ?? roomFrames.message(roomId, message)));
      follow.delivered = message.seq;
      return;
    }
    follow.pending.push(message);
    void this.#fill(conn, roomId);
  }

  /**
   * Sends, from the store, every message after the last one delivered; then the live ones held
   * meanwhile. It sends only while the connection's send buffer is under LIMITS.fillDrainBytes,
   * so a long backlog flows as fast as the peer reads it instead of overflowing its buffer (4008).
   */
  async #fill(conn: Connection, roomId: string): Promise<void> {
    const follow = conn.rooms.get(roomId);
    if (!follow || follow.filling) return;
    follow.filling = true;
    const ctx = { projectId: conn.user!.projectId };
    const gone = () => conn.closed || conn.rooms.get(roomId) !== follow;
    try {
      for (;;) {
        if (conn.bufferedAmount > LIMITS.fillDrainBytes) await conn.drained(LIMITS.fillDrainBytes);
        if (gone()) return;
        // Live messages dropped from here on are committed before this read starts, so it has them.
        follow.overflowed = false;
        const page = await this.services.messages.history(ctx, roomId, {
          after: follow.delivered,
          limit: LIMITS.fillPageSize,
        });
        if (gone()) return;
        for (const message of page.data) {
          if (conn.bufferedAmount > LIMITS.fillDrainBytes) {
            await conn.drained(LIMITS.fillDrainBytes);
            if (gone()) return;
          }
          this.#sendInOrder(conn, roomId, follow, message);
        }
        if (page.has_more && page.data.length > 0) continue;
        // Live messages were dropped during the last read: read again, they are in the store.
        if (!follow.overflowed) break;
      }
    } catch (err) {
      // A room deleted meanwhile has its own room.deleted event on the way; anything else is ours.
      if ((err as { code?: string }).code !== 'room_not_found') this.onError(err);
    }
    const held = follow.pending.sort((a, b) => a.seq - b.seq);
    follow.pending = [];
    follow.filling = false;
    for (const message of held) this.#deliver(conn, roomId, message);
  }

  #sendInOrder(conn: Connection, roomId: string, follow: RoomFollow, message: Message): void {
    if (message.seq !== follow.delivered + 1) return;
    conn.send(roomFrames.message(roomId, this.#shown(follow, message) ?? message));
    follow.delivered = message.seq;
  }

  #stopTyping(projectId: string, roomId: string, userId: string): void {
    const k = key(roomId, userId);
    const timer = this.#typing.get(k);
    if (!timer) return;
    clearTimeout(timer);
    this.#typing.delete(k);
    this.services.events.publish({ kind: 'typing', projectId, roomId, userId, state: 'stop' });
  }

  #presence(conn: Connection, state: 'online' | 'offline'): void {
    const { projectId, userId } = conn.user!;
    const roomIds = [...conn.rooms.keys()];
    const change = state === 'online' ? this.presence.join(projectId, userId) : this.presence.leave(projectId, userId);
    change.then((changed) => {
      if (changed) this.services.events.publish({ kind: 'presence', projectId, userId, state, roomIds });
    }, this.onError);
  }

  /** Users other than this one, online (on this node, or on any in a cluster), who share a room with it. */
  async #onlinePeers(conn: Connection): Promise<string[]> {
    const { projectId, userId } = conn.user!;
    const roomIds = [...conn.rooms.keys()];
    if (this.presence.onlineAmong && roomIds.length > 0) {
      const members = await this.services.rooms.peersOf(roomIds, userId);
      try {
        return (await this.presence.onlineAmong(projectId, members)).sort();
      } catch (err) {
        this.onError(err); // Redis is down: what this node sees is the best answer there is
      }
    }
    const peers = new Set<string>();
    for (const roomId of roomIds) {
      for (const other of this.#byRoom.get(roomId) ?? [])
        if (other.user && other.user.userId !== userId) peers.add(other.user.userId);
    }
    return [...peers].sort();
  }
}

type Frame = Record<string, unknown>;

/** A `messages.redacted` event's data: every message of the sender up to that seq was erased. */
interface Redaction {
  sender_id: string;
  up_to_seq: number;
  redacted_at: string;
}

/** The wire shape of each room frame, whether it comes from a signal or from a resync. */
const roomFrames = {
  message: (roomId: string, message: Message): Frame => ({ type: 'message.created', room_id: roomId, message }),
  deleted: (roomId: string | null): Frame => ({ type: 'room.deleted', room_id: roomId }),
  participantAdded: (roomId: string | null, userId: string | undefined, room: Room | undefined): Frame => ({
    type: 'participant.added',
    room_id: roomId,
    user_id: userId,
    room,
  }),
  participantRemoved: (roomId: string | null, userId: string | undefined): Frame => ({
    type: 'participant.removed',
    room_id: roomId,
    user_id: userId,
  }),
};

/** The frame a connection concerned by the signal gets (revocation has none: it closes the socket). */
function frameFor(signal: Signal): Frame {
  switch (signal.kind) {
    case 'event': {
      const roomId = signal.roomId;
      const data = signal.event.data as { room?: Room; user_id?: string; message?: Message };
      switch (signal.event.type) {
        case 'message.created':
          return roomFrames.message(roomId!, data.message!);
        case 'room.created':
          return { type: 'room.created', room: data.room };
        case 'room.updated':
          return { type: 'room.updated', room: data.room };
        case 'room.deleted':
          return roomFrames.deleted(roomId);
        case 'participant.added':
          return roomFrames.participantAdded(roomId, data.user_id, data.room);
        case 'participant.removed':
          return roomFrames.participantRemoved(roomId, data.user_id);
        case 'messages.redacted': {
          const { sender_id, up_to_seq, redacted_at } = signal.event.data as unknown as Redaction;
          return { type: 'messages.redacted', room_id: roomId, sender_id, up_to_seq, redacted_at };
        }
        default:
          throw new Error(`no frame for event ${signal.event.type}`);
      }
    }
    case 'read':
      return { type: 'read', room_id: signal.roomId, user_id: signal.userId, seq: signal.seq };
    case 'typing':
      return { type: 'typing', room_id: signal.roomId, user_id: signal.userId, state: signal.state };
    case 'presence':
      return { type: 'presence', user_id: signal.userId, state: signal.state };
    case 'channel':
      return { type: 'channel.event', channel: signal.channel, event: signal.event, data: signal.data };
    case 'revoked':
      throw new Error('a revocation has no frame');
  }
}
