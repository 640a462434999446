/**
 * Keeps each room's message changes (edits, deletes, reactions, pins, reply counts) in change
 * order with none missing per connection, as room-sequencer.ts does for new messages. Every
 * change has the room's next change number; a connection is sent change N+1 after N. One that
 * skips ahead (a publication lost between nodes, or a resume) makes the connection read the
 * changed messages from the store: each once, in its latest state, in change order — what a
 * client needs to end with the server's view, without refetching history.
 *
 * A change to a message the connection has not been sent yet (its room is still being filled)
 * is kept in `newer`, and the room sequencer sends that state in its place when its turn comes.
 */
import type { MessageChangesService } from '../services/message-changes.service.js';
import type { Message } from '../services/models.js';
import type { Connection, EncodedFrame, RoomChange, RoomFollow } from './connection.js';
import { roomFrames } from './frames.js';
import { CLOSE, LIMITS } from './protocol.js';

export class ChangeSequencer {
  constructor(
    private readonly changes: MessageChangesService,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** A live change of the room (or a change read with the message, when `frame` is absent). */
  deliver(conn: Connection, roomId: string, change: RoomChange): void {
    const follow = conn.rooms.get(roomId);
    if (!follow) return;
    if (follow.changeFilling) {
      if (follow.pendingChanges.length >= LIMITS.maxPendingMessages) {
        follow.pendingChanges = [];
        follow.changesOverflowed = true; // committed: the fill reads them from the store
        return;
      }
      follow.pendingChanges.push(change);
      return;
    }
    if (follow.changes === -1) follow.changes = change.change_seq - 1; // followed since: this is the first
    if (change.change_seq <= follow.changes) return;
    if (change.change_seq === follow.changes + 1) {
      this.#apply(conn, roomId, follow, change.message, change.frame ?? null, change.change_seq);
      follow.changes = change.change_seq;
      return;
    }
    follow.pendingChanges.push(change);
    void this.fill(conn, roomId);
  }

  /** Sends, from the store, every message changed after the last change delivered; then the live ones held. */
  async fill(conn: Connection, roomId: string): Promise<void> {
    const follow = conn.rooms.get(roomId);
    if (!follow || follow.changeFilling || !conn.user) return;
    follow.changeFilling = true;
    const gone = () => conn.closed || conn.rooms.get(roomId) !== follow;
    try {
      for (;;) {
        if (conn.bufferedAmount > LIMITS.fillDrainBytes) await conn.drained(LIMITS.fillDrainBytes);
        if (gone()) return;
        follow.changesOverflowed = false;
        const after = Math.max(0, follow.changes);
        const page = await this.changes.changedSince(roomId, after, LIMITS.fillPageSize, conn.user.userId);
        if (gone()) return;
        for (const { message, change_seq } of page) {
          if (change_seq <= follow.changes) continue;
          this.#apply(conn, roomId, follow, message, null, change_seq);
          follow.changes = change_seq;
        }
        if (page.length === LIMITS.fillPageSize) continue;
        if (!follow.changesOverflowed) break;
      }
    } catch (err) {
      if ((err as { code?: string }).code !== 'room_not_found') this.onError(err);
    }
    const held = follow.pendingChanges.sort((a, b) => a.change_seq - b.change_seq);
    follow.pendingChanges = [];
    follow.changeFilling = false;
    for (const change of held) this.deliver(conn, roomId, change);
  }

  /** Sends the change, or keeps it for a message the connection has not been sent yet. */
  #apply(
    conn: Connection,
    roomId: string,
    follow: RoomFollow,
    message: Message,
    frame: EncodedFrame | null,
    changeSeq: number,
  ): void {
    if (message.seq > follow.delivered) {
      if (follow.newer.size >= LIMITS.maxPendingMessages && !follow.newer.has(message.message_id)) {
        // Too much is held for this connection: it reconnects and resumes from what it has.
        conn.close(CLOSE.tryAgainLater, 'try_again_later');
        return;
      }
      follow.newer.set(message.message_id, { message, change_seq: changeSeq });
      return;
    }
    conn.send(frame ?? roomFrames.changed(roomId, message, changeSeq));
  }
}
