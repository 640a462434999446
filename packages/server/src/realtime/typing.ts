/**
 * Typing indicators: a user's `typing.start` in a room lasts until they stop, their last
 * connection here closes, or LIMITS.typingExpiryMs pass without another start (a client that
 * vanishes mid-sentence does not leave the others watching "typing…" forever).
 *
 * What goes out is coalesced: at most one typing event of a user in a room per interval (the gate,
 * UserLimits.typing, counted across nodes in a cluster). A change asked for sooner waits for the
 * interval's end, and only the state the user is in then goes out: a client flipping start/stop
 * ten thousand times costs each member one or two events, not ten thousand.
 */
import type { EventsService } from '../services/events.service.js';
import type { Connection } from './connection.js';
import { LIMITS } from './protocol.js';

/** Whether a typing event of the user in the room may go out now: 0, else the ms until one may. */
export interface TypingGate {
  typing(user: { projectId: string; userId: string }, roomId: string): Promise<number>;
}

interface Indicator {
  projectId: string;
  roomId: string;
  userId: string;
  /** What the user last asked for: typing until a stop or the expiry. */
  typing: boolean;
  /** What the room was last told. */
  published: boolean;
  cancelExpiry: (() => void) | null;
  /** A publication is being decided, or waits for the interval to end: nothing else is started meanwhile. */
  busy: boolean;
  cancelRetry: (() => void) | null;
}

const typingKey = (roomId: string, userId: string) => `${roomId}\u0000${userId}`;

function after(ms: number, fn: () => void): () => void {
  const timer = setTimeout(fn, ms);
  timer.unref();
  return () => clearTimeout(timer);
}

export class TypingTracker {
  readonly #indicators = new Map<string, Indicator>();
  #closed = false;

  constructor(
    private readonly events: EventsService,
    private readonly gate: TypingGate,
    private readonly onError: (err: unknown) => void = () => {},
  ) {}

  /** A typing request from a connection: only in rooms it follows. Returns false otherwise. */
  request(conn: Connection, roomId: string, state: 'start' | 'stop'): boolean {
    if (!conn.user || !conn.rooms.has(roomId)) return false;
    const { projectId, userId } = conn.user;
    if (state === 'stop') {
      this.stop(projectId, roomId, userId);
      return true;
    }
    const k = typingKey(roomId, userId);
    let ind = this.#indicators.get(k);
    if (!ind) {
      ind = {
        projectId,
        roomId,
        userId,
        typing: false,
        published: false,
        cancelExpiry: null,
        busy: false,
        cancelRetry: null,
      };
      this.#indicators.set(k, ind);
    }
    ind.typing = true;
    ind.cancelExpiry?.();
    const current = ind;
    ind.cancelExpiry = after(LIMITS.typingExpiryMs, () => this.stop(projectId, roomId, userId, current));
    this.#flush(ind);
    return true;
  }

  /** Ends the user's typing in the room (published as `stop`, in its turn) if they were typing there. */
  stop(projectId: string, roomId: string, userId: string, only?: Indicator): void {
    const ind = this.#indicators.get(typingKey(roomId, userId));
    if (!ind || ind.projectId !== projectId || (only && ind !== only)) return;
    ind.typing = false;
    ind.cancelExpiry?.();
    ind.cancelExpiry = null;
    this.#flush(ind);
  }

  /** Forgets every indicator without publishing anything (shutdown). */
  clear(): void {
    this.#closed = true;
    for (const ind of this.#indicators.values()) {
      ind.cancelExpiry?.();
      ind.cancelRetry?.();
    }
    this.#indicators.clear();
  }

  /** Tells the room the user's current state, when it differs from what it was told and the gate allows. */
  #flush(ind: Indicator): void {
    if (ind.busy || this.#closed) return;
    if (ind.typing === ind.published) {
      if (!ind.typing) this.#indicators.delete(typingKey(ind.roomId, ind.userId));
      return;
    }
    ind.busy = true;
    this.gate.typing(ind, ind.roomId).then(
      (waitMs) => {
        if (this.#closed) return;
        if (waitMs > 0) {
          ind.cancelRetry = after(waitMs, () => {
            ind.cancelRetry = null;
            ind.busy = false;
            this.#flush(ind);
          });
          return;
        }
        ind.busy = false;
        if (ind.typing !== ind.published) {
          ind.published = ind.typing;
          const { projectId, roomId, userId } = ind;
          this.events.publish({ kind: 'typing', projectId, roomId, userId, state: ind.typing ? 'start' : 'stop' });
        }
        // Whatever changed while the gate answered waits for the next interval.
        this.#flush(ind);
      },
      (err: unknown) => {
        ind.busy = false;
        this.onError(err);
      },
    );
  }
}
