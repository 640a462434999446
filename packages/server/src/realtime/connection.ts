/**
 * One client socket: who it is, which rooms it follows and the last seq it was sent in each, and
 * a send path that refuses to buffer without bound.
 */
import type { WebSocket } from 'ws';
import { newId } from '../crypto/ids.js';
import type { Message } from '../services/models.js';
import type { UserPrincipal } from '../services/tokens.service.js';
import { CLOSE, LIMITS } from './protocol.js';

export interface RoomFollow {
  /** The highest seq this connection has been sent (or had before it connected). */
  delivered: number;
  /** True while missing messages are being read from the store; live ones wait in `pending`. */
  filling: boolean;
  /** Live messages held during a fill, at most LIMITS.maxPendingMessages. */
  pending: Message[];
  /** Set when `pending` overflowed and was dropped: the fill reads the store again before it ends. */
  overflowed: boolean;
  /**
   * Changes to messages (edits, deletes, reactions, pins, reply counts): the highest change number
   * this connection reflects with none missing before it (change-sequencer.ts).
   */
  changes: number;
  changeFilling: boolean;
  /** Live changes held while changes are read from the store. */
  pendingChanges: RoomChange[];
  changesOverflowed: boolean;
  /**
   * Changes heard for messages not yet sent to this connection: sent in their place when their
   * turn comes, with the change number they carry (the client counts that change as seen).
   */
  newer: Map<string, { message: Message; change_seq: number }>;
}

/** One change of a message of a room, as the change sequencer orders them. */
export interface RoomChange {
  change_seq: number;
  message: Message;
  /** The live frame (serialized once for every recipient); absent for a change read from the store. */
  frame?: EncodedFrame | undefined;
}

/**
 * A frame serialized once, to be sent as is to every connection it concerns (a room's thousand
 * members cost one JSON.stringify, not a thousand). `ws` sends the same Buffer to each socket
 * without copying or masking it (servers do not mask).
 */
export class EncodedFrame {
  readonly bytes: Buffer;
  constructor(frame: Record<string, unknown>) {
    this.bytes = Buffer.from(JSON.stringify(frame));
  }
}

/** Frames are JSON text: a Buffer goes out as a text frame, as a string would. */
const TEXT = { binary: false } as const;

export class Connection {
  readonly id = newId.request().replace('req_', 'conn_');
  user: UserPrincipal | null = null;
  readonly rooms = new Map<string, RoomFollow>();
  alive = true;
  closed = false;
  /** The code this side closed with, if it did. */
  closeCode: number | null = null;
  #drainWaiters: { bytes: number; resolve: () => void }[] = [];

  constructor(readonly ws: WebSocket) {
    ws.once('close', () => {
      this.closed = true;
      this.#wake();
    });
  }

  get userKey(): string {
    return `${this.user!.projectId}\u0000${this.user!.userId}`;
  }

  /** Bytes queued for this peer and not yet handed to the kernel. */
  get bufferedAmount(): number {
    return this.ws.bufferedAmount;
  }

  /** Sends a frame; a peer too slow to keep its buffer under the limit is disconnected instead. */
  send(frame: Record<string, unknown> | EncodedFrame): void {
    if (this.closed) return;
    if (this.ws.bufferedAmount > LIMITS.maxBufferedBytes) {
      this.close(CLOSE.slowConsumer, 'slow_consumer');
      return;
    }
    const bytes = frame instanceof EncodedFrame ? frame.bytes : Buffer.from(JSON.stringify(frame));
    // The callback runs once the frame left the buffer (or failed): where drained() waiters wake.
    this.ws.send(bytes, TEXT, this.#written);
  }

  /**
   * Resolves once at most `bytes` wait in the send buffer, or the connection closed. Catch-up
   * reads (RoomSequencer.fill) wait on it, so a backlog flows at the pace the peer reads it.
   */
  drained(bytes: number): Promise<void> {
    if (this.closed || this.ws.bufferedAmount <= bytes) return Promise.resolve();
    return new Promise((resolve) => this.#drainWaiters.push({ bytes, resolve }));
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.closeCode = code;
    this.#wake();
    this.ws.close(code, reason);
    // A peer that does not complete the closing handshake must not hold memory.
    setTimeout(() => this.ws.terminate(), 5_000).unref();
  }

  readonly #written = (): void => {
    if (this.#drainWaiters.length > 0) this.#wake();
  };

  /** Resolves the waiters whose threshold the buffer is now under (all of them once closed). */
  #wake(): void {
    const buffered = this.ws.bufferedAmount;
    const waiting = this.#drainWaiters;
    this.#drainWaiters = [];
    for (const w of waiting) {
      if (this.closed || buffered <= w.bytes) w.resolve();
      else this.#drainWaiters.push(w);
    }
  }
}
