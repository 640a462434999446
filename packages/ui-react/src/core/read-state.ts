/**
 * How far everyone has read: my unread counts per room (with unread mentions), and the read
 * positions of the others (for "seen by"). Marking read moves my count at once and tells the
 * server with one request at a time per room, the latest position winning.
 */
import type { OiChatClient, Room, UnreadCount } from '@oichat/sdk';
import { type ChatMessage, isSystem } from './model.js';
import { Observable } from './observable.js';

export interface UnreadEntry extends Omit<UnreadCount, 'unread_mentions'> {
  /** Unread messages that mention me (when the server counts them). */
  unread_mentions?: number | undefined;
}

export class ReadState {
  readonly unread = new Observable<ReadonlyMap<string, UnreadEntry>>(new Map());
  /** Room id → user id → the seq they have read up to (from `read` events seen by this client). */
  readonly receipts = new Observable<ReadonlyMap<string, ReadonlyMap<string, number>>>(new Map());

  readonly #posted = new Map<string, number>();
  readonly #inFlight = new Map<string, Promise<unknown>>();
  /** The first unread counts: a room opens on its first unread message once they are in. */
  #firstLoad: Promise<void> | null = null;

  constructor(
    private readonly client: OiChatClient,
    private readonly me: () => string | undefined,
  ) {}

  /** Reads the counts if they never were. */
  loadOnce(): Promise<void> {
    this.#firstLoad ??= this.#load();
    return this.#firstLoad;
  }

  /** Reads the counts again (after a reconnect). */
  reload(): Promise<void> {
    if (!this.#firstLoad) return this.loadOnce();
    return this.#load();
  }

  /** My read position in a room, once the first unread counts are in. */
  async lastRead(roomId: string): Promise<number> {
    await this.loadOnce();
    return this.unread.get().get(roomId)?.last_read_seq ?? 0;
  }

  /** Marks the room read up to `seq` (never backwards). */
  async markRead(roomId: string, seq: number): Promise<void> {
    const known = Math.max(this.#posted.get(roomId) ?? 0, this.unread.get().get(roomId)?.last_read_seq ?? 0);
    if (seq <= 0 || seq <= known) return;
    this.#posted.set(roomId, seq);
    this.setLastRead(roomId, seq);
    const previous = this.#inFlight.get(roomId);
    const run = (previous ?? Promise.resolve())
      .then(() => {
        // A later call has a higher seq: that one speaks for both.
        if ((this.#posted.get(roomId) ?? 0) > seq) return;
        return this.client.markRead(roomId, seq);
      })
      .catch(() => {
        // Not read on the server after all: let a later view try again.
        if (this.#posted.get(roomId) === seq) this.#posted.delete(roomId);
      });
    this.#inFlight.set(roomId, run);
    await run;
    if (this.#inFlight.get(roomId) === run) this.#inFlight.delete(roomId);
  }

  /** A `read` event: mine moves my count; someone else's is their receipt. */
  onRead(roomId: string, userId: string, seq: number): void {
    if (userId === this.me()) this.setLastRead(roomId, seq);
    else this.setReceipt(roomId, userId, seq);
  }

  /** A new message: unread for me unless it is mine; its sender has read up to it. */
  onMessage(roomId: string, message: ChatMessage): void {
    const me = this.me();
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
    // Whoever sends has read the room up to their message; not so a backend's system message ("system" reads nothing).
    if (message.sender_id !== me && !isSystem(message)) this.setReceipt(roomId, message.sender_id, message.seq);
    if (message.sender_id === me) void this.markRead(roomId, message.seq);
  }

  /** A room new to me: everything in it is unread until the counts say otherwise. */
  onNewRoom(room: Room): void {
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

  setLastRead(roomId: string, seq: number): void {
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

  setReceipt(roomId: string, userId: string, seq: number): void {
    this.receipts.update((all) => {
      const room = all.get(roomId);
      if ((room?.get(userId) ?? 0) >= seq) return all;
      return new Map(all).set(roomId, new Map(room).set(userId, seq));
    });
  }

  async #load(): Promise<void> {
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
}
