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
  pending: Message[];
}

export class Connection {
  readonly id = newId.request().replace('req_', 'conn_');
  user: UserPrincipal | null = null;
  readonly rooms = new Map<string, RoomFollow>();
  alive = true;
  closed = false;
  /** The code this side closed with, if it did. */
  closeCode: number | null = null;

  constructor(readonly ws: WebSocket) {}

  get userKey(): string {
    return `${this.user!.projectId}\u0000${this.user!.userId}`;
  }

  /** Sends a frame; a peer too slow to keep its buffer under the limit is disconnected instead. */
  send(frame: Record<string, unknown>): void {
    if (this.closed) return;
    if (this.ws.bufferedAmount > LIMITS.maxBufferedBytes) {
      this.close(CLOSE.slowConsumer, 'slow_consumer');
      return;
    }
    this.ws.send(JSON.stringify(frame));
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.closeCode = code;
    this.ws.close(code, reason);
    // A peer that does not complete the closing handshake must not hold memory.
    setTimeout(() => this.ws.terminate(), 5_000).unref();
  }
}
