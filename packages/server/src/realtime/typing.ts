/**
 * Typing indicators: a user's `typing.start` in a room is published once and lasts until they
 * stop, their last connection here closes, or LIMITS.typingExpiryMs pass without another start
 * (a client that vanishes mid-sentence does not leave the others watching "typing…" forever).
 */
import type { EventsService } from '../services/events.service.js';
import type { Connection } from './connection.js';
import { LIMITS } from './protocol.js';

const typingKey = (roomId: string, userId: string) => `${roomId}\u0000${userId}`;

export class TypingTracker {
  /** The expiry timer of each user typing in a room. */
  readonly #typing = new Map<string, NodeJS.Timeout>();

  constructor(private readonly events: EventsService) {}

  /** A typing request from a connection: only in rooms it follows. Returns false otherwise. */
  request(conn: Connection, roomId: string, state: 'start' | 'stop'): boolean {
    if (!conn.user || !conn.rooms.has(roomId)) return false;
    const { projectId, userId } = conn.user;
    const k = typingKey(roomId, userId);
    const timer = this.#typing.get(k);
    if (timer) clearTimeout(timer);
    if (state === 'stop') {
      this.stop(projectId, roomId, userId);
      return true;
    }
    if (!timer) this.events.publish({ kind: 'typing', projectId, roomId, userId, state: 'start' });
    this.#typing.set(k, setTimeout(() => this.stop(projectId, roomId, userId), LIMITS.typingExpiryMs).unref());
    return true;
  }

  /** Ends the user's typing in the room (published as `stop`) if they were typing there. */
  stop(projectId: string, roomId: string, userId: string): void {
    const k = typingKey(roomId, userId);
    const timer = this.#typing.get(k);
    if (!timer) return;
    clearTimeout(timer);
    this.#typing.delete(k);
    this.events.publish({ kind: 'typing', projectId, roomId, userId, state: 'stop' });
  }

  /** Forgets every indicator without publishing anything (shutdown). */
  clear(): void {
    for (const timer of this.#typing.values()) clearTimeout(timer);
    this.#typing.clear();
  }
}
