/**
 * Presence: a user goes online with their first connection and offline with their last, and a
 * new connection's `ready` lists the peers online in its rooms. Where "online" is decided is the
 * tracker's: one node knows from its own connections, a cluster asks Redis.
 */
import type { EventsService } from '../services/events.service.js';
import type { RoomsService } from '../services/rooms.service.js';
import type { Connection } from './connection.js';
import type { ConnectionIndex } from './connection-index.js';

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

export const localPresence: PresenceTracker = { join: async () => true, leave: async () => true };

export class Presence {
  constructor(
    private readonly tracker: PresenceTracker,
    private readonly index: ConnectionIndex,
    private readonly rooms: RoomsService,
    private readonly events: EventsService,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** The connection was its user's first here (`online`) or last (`offline`): tell their rooms if that changed anything. */
  announce(conn: Connection, state: 'online' | 'offline'): void {
    const { projectId, userId } = conn.user!;
    const roomIds = [...conn.rooms.keys()];
    const change = state === 'online' ? this.tracker.join(projectId, userId) : this.tracker.leave(projectId, userId);
    change.then((changed) => {
      if (changed) this.events.publish({ kind: 'presence', projectId, userId, state, roomIds });
    }, this.onError);
  }

  /** Users other than this one, online (on this node, or on any in a cluster), who share a room with it. */
  async onlinePeers(conn: Connection): Promise<string[]> {
    const { projectId, userId } = conn.user!;
    const roomIds = [...conn.rooms.keys()];
    if (this.tracker.onlineAmong && roomIds.length > 0) {
      const members = await this.rooms.peersOf(roomIds, userId);
      try {
        return (await this.tracker.onlineAmong(projectId, members)).sort();
      } catch (err) {
        this.onError(err); // Redis is down: what this node sees is the best answer there is
      }
    }
    const peers = new Set<string>();
    for (const roomId of roomIds) {
      for (const other of this.index.inRoom(roomId) ?? [])
        if (other.user && other.user.userId !== userId) peers.add(other.user.userId);
    }
    return [...peers].sort();
  }
}
