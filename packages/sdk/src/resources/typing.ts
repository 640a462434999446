/**
 * Typing indicators over the socket. The server stops a `start` by itself after 6 s unless it
 * is sent again, so while the user keeps typing a `start` is re-sent at most every 2 s: enough
 * to keep the indicator on, without a frame per keystroke. Typing is ephemeral: when offline
 * the call is dropped (and returns false) rather than queued.
 */
import type { RealtimeConnection } from '../realtime/socket.js';

const RESEND_START_MS = 2_000;

export class TypingResource {
  readonly #lastStart = new Map<string, number>();

  constructor(private readonly realtime: RealtimeConnection) {}

  /** Tells the room's other participants this user is typing. Call it on every keystroke. */
  start(roomId: string): boolean {
    const last = this.#lastStart.get(roomId);
    const now = Date.now();
    if (last !== undefined && now - last < RESEND_START_MS) return true;
    const sent = this.realtime.send({ type: 'typing.start', room_id: roomId });
    if (sent) this.#lastStart.set(roomId, now);
    return sent;
  }

  /** Tells them the user stopped (sent a message, cleared the input). */
  stop(roomId: string): boolean {
    this.#lastStart.delete(roomId);
    return this.realtime.send({ type: 'typing.stop', room_id: roomId });
  }

  /** Forgets what was sent: a new connection starts with no typing state on the server side we can rely on. */
  reset(): void {
    this.#lastStart.clear();
  }
}
