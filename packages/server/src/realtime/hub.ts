/**
 * Routes signals (stored events and live-only ones) to the connections that may see them, and
 * decides what each means for one connection: a frame, a room followed or unfollowed, a close.
 * It orchestrates the parts that each own one concern: the index of connections
 * (connection-index.ts), per-room ordering and gap filling (room-sequencer.ts), typing
 * (typing.ts), presence (presence.ts) and the wire frames (frames.ts).
 *
 * A connection that is still loading its rooms buffers signals, so nothing committed while it
 * loads slips past it. In a cluster, resync() makes up for what a lost publication hid.
 */
import { channel } from 'node:diagnostics_channel';
import type { Signal } from '../services/events.service.js';
import type { Services } from '../services/index.js';
import type { Message, Room } from '../services/models.js';
import type { UserPrincipal } from '../services/tokens.service.js';
import type { Connection } from './connection.js';
import { ChangeSequencer } from './change-sequencer.js';
import { ConnectionIndex } from './connection-index.js';
import { isChangeEvent, type Redaction, roomFrames, SignalFrames } from './frames.js';
import { localPresence, Presence, type PresenceTracker } from './presence.js';
import { CLOSE, LIMITS } from './protocol.js';
import { RoomSequencer } from './room-sequencer.js';
import { TypingTracker, type TypingGate } from './typing.js';

/**
 * Timing of each signal's fan-out, for benchmarks and operators who subscribe to it
 * (bench/fanout/probe.ts): when the hub got the signal (after its commit), when it started writing
 * to the connections concerned, and when the last write was handed to the sockets. Published only
 * while something subscribes: otherwise a signal costs one property read, whatever its recipients.
 */
export const fanoutTiming = channel('oichat:realtime:fanout');

export interface FanoutTiming {
  signal: Signal;
  /** performance.now() in this process: the signal reached the hub. */
  received: number;
  /** The first connection's frame was about to be written. */
  writing: number;
  /** The last connection's frame was handed to its socket (ws writes to the kernel at once if it can). */
  written: number;
  recipients: number;
}

export class Hub {
  readonly #index = new ConnectionIndex();
  readonly #loading = new Map<Connection, Signal[]>();
  readonly #frames = new SignalFrames();
  /** Counters for operators (and tests). */
  readonly stats = { pendingDropped: 0, loadingOverflows: 0 };
  readonly #sequencer: RoomSequencer;
  readonly #changes: ChangeSequencer;
  readonly #typing: TypingTracker;
  readonly #presence: Presence;

  constructor(
    private readonly services: Services,
    onError: (err: unknown) => void,
    presence: PresenceTracker = localPresence,
    typingGate: TypingGate = { typing: async () => 0 },
  ) {
    this.#sequencer = new RoomSequencer(services.messages, onError, this.stats);
    this.#changes = new ChangeSequencer(services.messageChanges, onError);
    this.#typing = new TypingTracker(services.events, typingGate, onError);
    this.#presence = new Presence(presence, this.#index, services.rooms, services.events, onError);
  }

  get connectionCount(): number {
    return this.#index.size;
  }

  /**
   * Registers an authenticated connection, sends `ready`, then replays what it missed: messages
   * after `resume`'s seqs, and changes after `changes`' change numbers (null: a client that does
   * not resume changes; a room it resumes without a change number replays every change).
   */
  async attach(
    conn: Connection,
    user: UserPrincipal,
    resume: Record<string, number>,
    changes: Record<string, number> | null = null,
  ): Promise<void> {
    conn.user = user;
    this.#loading.set(conn, []);
    const firstOfUser = this.#index.addUser(conn);
    let rooms: { room_id: string; last_seq: number; last_change_seq: number }[];
    try {
      const memberships = await this.services.rooms.memberships({ projectId: user.projectId }, user.userId);
      const lastChanges = await this.services.messageChanges.lastChangeSeqs(memberships.map((r) => r.room_id));
      rooms = memberships.map((r) => ({ ...r, last_change_seq: lastChanges.get(r.room_id) ?? 0 }));
    } catch (err) {
      this.detach(conn);
      throw err;
    }
    if (conn.closed) return this.detach(conn);
    for (const room of rooms) {
      const resumeFrom = resume[room.room_id];
      const delivered = resumeFrom === undefined ? room.last_seq : Math.min(Math.max(0, resumeFrom), room.last_seq);
      const changesFrom = changes?.[room.room_id] ?? (changes && resumeFrom !== undefined ? 0 : undefined);
      const changed =
        changesFrom === undefined ? room.last_change_seq : Math.min(Math.max(0, changesFrom), room.last_change_seq);
      this.#index.follow(conn, room.room_id, delivered, changed);
    }
    this.#index.addChannels(conn);
    let onlineUsers: string[];
    try {
      onlineUsers = await this.#presence.onlinePeers(conn);
    } catch (err) {
      this.detach(conn);
      throw err;
    }
    if (conn.closed) return this.detach(conn);

    conn.send({ type: 'ready', user_id: user.userId, connection_id: conn.id, rooms, online_users: onlineUsers });
    for (const room of rooms) {
      const follow = conn.rooms.get(room.room_id)!;
      const fillMessages = () => {
        if (follow.delivered < room.last_seq) void this.#sequencer.fill(conn, room.room_id);
      };
      // Changes first: those of messages still to come wait in `newer` and go out with them, so
      // a message comes once, in its latest state, rather than as itself and then its changes.
      if (follow.changes < room.last_change_seq) void this.#changes.fill(conn, room.room_id).then(fillMessages);
      else fillMessages();
    }
    const buffered = this.#loading.get(conn) ?? [];
    this.#loading.delete(conn);
    for (const signal of buffered) this.#apply(conn, signal);
    if (firstOfUser) this.#presence.announce(conn, 'online');
  }

  /**
   * Brings what this node's connections follow in line with the store, for what a lost
   * publication between nodes may have hidden: rooms that moved on (their missed messages are
   * filled) and, before anything is filled, rooms deleted or left meanwhile (followed no more,
   * and the client told). With `memberships` (after Redis reconnects), also rooms joined
   * meanwhile: one query per connected user, so not on the periodic pass. Changes of messages
   * are caught up the same way (by each room's last change number). Cluster mode only.
   */
  async resync({ memberships = false }: { memberships?: boolean } = {}): Promise<void> {
    const rooms = this.#index.rooms();
    const last = rooms.length > 0 ? await this.services.rooms.lastSeqs(rooms) : new Map<string, number>();
    const behind = (roomId: string) => {
      const newest = last.get(roomId);
      return (
        newest === undefined ||
        [...(this.#index.inRoom(roomId) ?? [])].some((c) => (c.rooms.get(roomId)?.delivered ?? newest) < newest)
      );
    };
    const suspect = rooms.filter(behind);
    const members = suspect.length > 0 ? await this.services.rooms.membersOf(suspect) : new Map<string, Set<string>>();
    for (const roomId of suspect) {
      const newest = last.get(roomId);
      for (const conn of [...(this.#index.inRoom(roomId) ?? [])]) {
        const follow = conn.rooms.get(roomId);
        if (!follow || !conn.user) continue;
        if (newest === undefined) {
          conn.send(roomFrames.deleted(roomId));
          this.#index.unfollow(conn, roomId);
        } else if (!members.get(roomId)?.has(conn.user.userId)) {
          conn.send(roomFrames.participantRemoved(roomId, conn.user.userId));
          this.#index.unfollow(conn, roomId);
        } else if (!follow.filling && follow.delivered < newest) {
          void this.#sequencer.fill(conn, roomId);
        }
      }
    }
    await this.#resyncChanges(rooms);
    if (memberships) await this.#joinMissedRooms();
  }

  /** Rooms whose changes moved past what a connection was sent (a lost publication): read them from the store. */
  async #resyncChanges(rooms: string[]): Promise<void> {
    if (rooms.length === 0) return;
    const last = await this.services.messageChanges.lastChangeSeqs(rooms);
    for (const roomId of rooms) {
      const newest = last.get(roomId) ?? 0;
      for (const conn of [...(this.#index.inRoom(roomId) ?? [])]) {
        const follow = conn.rooms.get(roomId);
        if (follow && follow.changes !== -1 && follow.changes < newest) void this.#changes.fill(conn, roomId);
      }
    }
  }

  /** Follows, from now on, the rooms each connected user joined without this node hearing of it. */
  async #joinMissedRooms(): Promise<void> {
    for (const conns of this.#index.users()) {
      const sample = [...conns].find((c) => c.user && !this.#loading.has(c));
      if (!sample) continue;
      const { projectId, userId } = sample.user!;
      const ctx = { projectId };
      for (const { room_id: roomId, last_seq: lastSeq } of await this.services.rooms.memberships(ctx, userId)) {
        const missing = [...conns].filter((c) => !c.closed && !this.#loading.has(c) && !c.rooms.has(roomId));
        if (missing.length === 0) continue;
        const room = await this.services.rooms.getSummary(ctx, roomId).catch(() => null);
        if (!room) continue;
        for (const conn of missing) {
          this.#index.follow(conn, roomId, lastSeq);
          conn.send(roomFrames.participantAdded(roomId, userId, room));
        }
      }
    }
  }

  /** The users with a connection here (what a cluster node re-announces to an emptied Redis). */
  connectedUsers(): { projectId: string; userId: string }[] {
    // A connection is indexed by user only once it has one.
    return this.#index.users().map((conns) => {
      const { projectId, userId } = conns.values().next().value!.user!;
      return { projectId, userId };
    });
  }

  detach(conn: Connection): void {
    this.#loading.delete(conn);
    if (!conn.user) return;
    if (this.#index.remove(conn)) {
      for (const roomId of conn.rooms.keys()) this.#typing.stop(conn.user.projectId, roomId, conn.user.userId);
      this.#presence.announce(conn, 'offline');
    }
    conn.rooms.clear();
  }

  /** A typing request from a connection: only in rooms it follows. Returns false otherwise. */
  typing(conn: Connection, roomId: string, state: 'start' | 'stop'): boolean {
    return this.#typing.request(conn, roomId, state);
  }

  closeAll(code: number, reason: string): void {
    for (const set of this.#index.users()) for (const conn of set) conn.close(code, reason);
    this.#typing.clear();
  }

  /** Entry point for every signal, local or (later) from other nodes. */
  onSignal(signal: Signal): void {
    const timed = fanoutTiming.hasSubscribers;
    const received = timed ? performance.now() : 0;
    const projectId = signal.kind === 'event' ? signal.event.project_id : signal.projectId;
    const candidates = new Set<Connection>();
    const addAll = (set: ReadonlySet<Connection> | undefined) => {
      for (const c of set ?? []) candidates.add(c);
    };
    switch (signal.kind) {
      case 'event': {
        if (signal.roomId) addAll(this.#index.inRoom(signal.roomId));
        const data = signal.event.data as { room?: Room; user_id?: string };
        if (signal.event.type === 'room.created') {
          for (const u of data.room?.participants ?? []) addAll(this.#index.ofUser(projectId, u));
        }
        if (data.user_id) addAll(this.#index.ofUser(projectId, data.user_id));
        break;
      }
      case 'read':
      case 'typing':
        addAll(this.#index.inRoom(signal.roomId));
        break;
      case 'presence':
        for (const r of signal.roomIds) addAll(this.#index.inRoom(r));
        break;
      case 'channel':
        addAll(this.#index.onChannel(projectId, signal.channel));
        break;
      case 'revoked':
        addAll(this.#index.ofUser(projectId, signal.userId));
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
    const writing = timed ? performance.now() : 0;
    for (const conn of candidates) if (!this.#loading.has(conn)) this.#apply(conn, signal);
    if (timed) {
      const timing: FanoutTiming = {
        signal,
        received,
        writing,
        written: performance.now(),
        recipients: candidates.size,
      };
      fanoutTiming.publish(timing);
    }
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
        if (conn.rooms.has(signal.roomId)) conn.send(this.#frames.of(signal));
        return;
      case 'typing':
        if (conn.rooms.has(signal.roomId) && signal.userId !== user.userId) conn.send(this.#frames.of(signal));
        return;
      case 'presence':
        if (signal.userId !== user.userId && signal.roomIds.some((r) => conn.rooms.has(r)))
          conn.send(this.#frames.of(signal));
        return;
      case 'channel':
        if (user.channels.includes(signal.channel)) conn.send(this.#frames.of(signal));
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
    if (isChangeEvent(type)) {
      const change = data as { message: Message; change_seq: number };
      this.#changes.deliver(conn, roomId, { ...change, frame: this.#frames.of(signal) });
      return;
    }
    switch (type) {
      case 'message.created': {
        if (!conn.rooms.has(roomId)) return;
        this.#sequencer.deliver(conn, roomId, data.message as Message, this.#frames.of(signal));
        // A reply changed its root (reply_count): after the reply, in the room's change order.
        const root = data.root as { message: Message; change_seq: number } | undefined;
        if (root) this.#changes.deliver(conn, roomId, { ...root, frame: this.#frames.rootOf(signal, roomId, root) });
        return;
      }
      case 'room.created':
        if (room?.participants.includes(me) && !conn.rooms.has(roomId)) {
          this.#index.follow(conn, roomId, room.last_seq);
          conn.send(this.#frames.of(signal));
        }
        return;
      case 'room.updated':
        if (conn.rooms.has(roomId)) conn.send(this.#frames.of(signal));
        return;
      case 'room.deleted':
        if (conn.rooms.has(roomId)) {
          conn.send(this.#frames.of(signal));
          this.#index.unfollow(conn, roomId);
        }
        return;
      case 'participant.added':
        if (data.user_id === me && !conn.rooms.has(roomId)) this.#index.follow(conn, roomId, room?.last_seq ?? 0);
        if (conn.rooms.has(roomId)) conn.send(this.#frames.of(signal));
        return;
      case 'participant.removed':
        if (conn.rooms.has(roomId)) conn.send(this.#frames.of(signal));
        if (data.user_id === me) this.#index.unfollow(conn, roomId);
        return;
      case 'messages.redacted': {
        const follow = conn.rooms.get(roomId);
        if (!follow) return;
        this.#sequencer.redact(follow, data as unknown as Redaction);
        conn.send(this.#frames.of(signal));
        return;
      }
    }
  }
}
