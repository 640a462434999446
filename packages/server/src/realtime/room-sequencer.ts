/**
 * Keeps each room's messages in seq order with no gap or repeat per connection: a message that
 * skips ahead makes the connection read the missing ones from the store first (a fill), and live
 * ones that arrive meanwhile wait until it is done. Fills go at the pace the peer reads: they wait
 * for the connection's send buffer to drain before sending more.
 *
 * It also keeps, per followed room, the redactions the room heard of (a deleted user's messages
 * erased): a message still held, or read by a fill before the redaction committed, goes out
 * redacted too.
 */
import type { MessagesService } from '../services/messages.service.js';
import type { Message } from '../services/models.js';
import type { Connection, EncodedFrame, RoomFollow } from './connection.js';
import { type Frame, type Redaction, roomFrames } from './frames.js';
import { LIMITS } from './protocol.js';

export class RoomSequencer {
  readonly #redactions = new WeakMap<RoomFollow, Map<string, Redaction>>();

  constructor(
    private readonly messages: MessagesService,
    private readonly onError: (err: unknown) => void,
    /** The hub's counters: live messages dropped from a fill's holding buffer count here. */
    private readonly stats: { pendingDropped: number },
  ) {}

  /** From now on, the sender's messages up to the redaction's seq go out to this follow redacted. */
  redact(follow: RoomFollow, redaction: Redaction): void {
    const bySender = this.#redactions.get(follow) ?? new Map<string, Redaction>();
    bySender.set(redaction.sender_id, redaction);
    this.#redactions.set(follow, bySender);
  }

  /**
   * The frame of the message as this connection may be sent it, or null when as it is: in the
   * state a change heard meanwhile left it (change-sequencer.ts), with that change's number,
   * redacted when its room heard its sender's messages were.
   */
  #shown(roomId: string, follow: RoomFollow, original: Message): Frame | null {
    const newer = follow.newer.get(original.message_id);
    if (newer) follow.newer.delete(original.message_id);
    const message = newer?.message ?? original;
    const redaction = this.#redactions.get(follow)?.get(message.sender_id);
    const shown =
      !redaction || message.seq > redaction.up_to_seq || message.redacted_at !== undefined
        ? message
        : { ...message, content: '', metadata: {}, redacted_at: redaction.redacted_at };
    return shown === original ? null : roomFrames.message(roomId, shown, newer?.change_seq);
  }

  /** `frame`: the message's frame when it comes from a signal (serialized once for all recipients). */
  deliver(conn: Connection, roomId: string, message: Message, frame?: EncodedFrame): void {
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
      conn.send(this.#shown(roomId, follow, message) ?? frame ?? roomFrames.message(roomId, message));
      follow.delivered = message.seq;
      return;
    }
    follow.pending.push(message);
    void this.fill(conn, roomId);
  }

  /**
   * Sends, from the store, every message after the last one delivered; then the live ones held
   * meanwhile. It sends only while the connection's send buffer is under LIMITS.fillDrainBytes,
   * so a long backlog flows as fast as the peer reads it instead of overflowing its buffer (4008).
   */
  async fill(conn: Connection, roomId: string): Promise<void> {
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
        const page = await this.messages.history(ctx, roomId, {
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
    for (const message of held) this.deliver(conn, roomId, message);
  }

  #sendInOrder(conn: Connection, roomId: string, follow: RoomFollow, message: Message): void {
    if (message.seq !== follow.delivered + 1) return;
    conn.send(this.#shown(roomId, follow, message) ?? roomFrames.message(roomId, message));
    follow.delivered = message.seq;
  }
}
