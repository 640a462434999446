/**
 * Which connections are where: by user, by room followed and by channel subscribed, so that a
 * signal is offered only to the connections it may concern instead of to all of them. It holds
 * no rule about who may see what (that is the hub's); it keeps the room index and each
 * connection's own `rooms` in step, so the two never disagree.
 */
import type { Connection } from './connection.js';

/** User ids and channel names are unique within a project only. */
const scoped = (projectId: string, id: string) => `${projectId}\u0000${id}`;

function addTo<K, V>(map: Map<K, Set<V>>, k: K, v: V): void {
  let set = map.get(k);
  if (!set) {
    set = new Set();
    map.set(k, set);
  }
  set.add(v);
}

function removeFrom<K, V>(map: Map<K, Set<V>>, k: K, v: V): void {
  const set = map.get(k);
  if (!set) return;
  set.delete(v);
  if (set.size === 0) map.delete(k);
}

export class ConnectionIndex {
  readonly #byUser = new Map<string, Set<Connection>>();
  readonly #byRoom = new Map<string, Set<Connection>>();
  readonly #byChannel = new Map<string, Set<Connection>>();

  /** Connections indexed under a user (every authenticated one, loading or not). */
  get size(): number {
    let n = 0;
    for (const set of this.#byUser.values()) n += set.size;
    return n;
  }

  /** Indexes an authenticated connection under its user: true when it is the user's first here. */
  addUser(conn: Connection): boolean {
    const first = !this.#byUser.has(conn.userKey);
    addTo(this.#byUser, conn.userKey, conn);
    return first;
  }

  addChannels(conn: Connection): void {
    const user = conn.user!;
    for (const channel of user.channels) addTo(this.#byChannel, scoped(user.projectId, channel), conn);
  }

  /** Takes a connection out of every index: true when its user has no other connection here. */
  remove(conn: Connection): boolean {
    const user = conn.user!;
    removeFrom(this.#byUser, conn.userKey, conn);
    for (const roomId of conn.rooms.keys()) removeFrom(this.#byRoom, roomId, conn);
    for (const channel of user.channels) removeFrom(this.#byChannel, scoped(user.projectId, channel), conn);
    return !this.#byUser.has(conn.userKey);
  }

  /**
   * The connection follows the room from now on, having been sent every seq up to `delivered`
   * and every change up to `changes` (-1: not known; the first change heard sets it).
   */
  follow(conn: Connection, roomId: string, delivered: number, changes = -1): void {
    conn.rooms.set(roomId, {
      delivered,
      filling: false,
      pending: [],
      overflowed: false,
      changes,
      changeFilling: false,
      pendingChanges: [],
      changesOverflowed: false,
      newer: new Map(),
    });
    addTo(this.#byRoom, roomId, conn);
  }

  unfollow(conn: Connection, roomId: string): void {
    conn.rooms.delete(roomId);
    removeFrom(this.#byRoom, roomId, conn);
  }

  inRoom(roomId: string): ReadonlySet<Connection> | undefined {
    return this.#byRoom.get(roomId);
  }

  ofUser(projectId: string, userId: string): ReadonlySet<Connection> | undefined {
    return this.#byUser.get(scoped(projectId, userId));
  }

  onChannel(projectId: string, channel: string): ReadonlySet<Connection> | undefined {
    return this.#byChannel.get(scoped(projectId, channel));
  }

  /** The rooms some connection here follows. */
  rooms(): string[] {
    return [...this.#byRoom.keys()];
  }

  /** Each user's connections here, one set a user (never empty). */
  users(): ReadonlySet<Connection>[] {
    return [...this.#byUser.values()];
  }
}
