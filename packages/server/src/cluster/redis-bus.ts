/**
 * Redis between nodes: every signal a node publishes reaches the others (pub/sub), and presence
 * is counted across nodes. Redis only wakes nodes up; the database stays the source of truth, so
 * a publication lost to a Redis restart or a network blip costs nothing but latency: the hub
 * notices the seq gap (or the periodic resync does) and reads the missing messages from the store.
 */
import { Redis } from 'ioredis';
import { newId } from '../crypto/ids.js';
import type { Signal } from '../services/events.service.js';

const CHANNEL = 'oichat:signals';
const NODES = 'oichat:nodes';
/** A node silent for this many heartbeats is dead: its presence entries are removed. */
const MISSED_HEARTBEATS = 4;

/** A user as a member of a node's presence set, and (prefixed) the key of the nodes they are on. */
const presenceMember = (projectId: string, userId: string) => JSON.stringify([projectId, userId]);
const presenceKey = (projectId: string, userId: string) => `oichat:presence:${presenceMember(projectId, userId)}`;
const nodePresenceKey = (nodeId: string) => `oichat:node:${nodeId}:presence`;

export interface BusHandlers {
  /** A signal published by another node. */
  onRemote(signal: Signal): void;
  /** Redis came back after an outage: publications may have been missed. */
  onReconnect(): void;
  /** Users whose last connection was on a dead node: they are offline now. */
  onOffline(projectId: string, userId: string): void;
  onError(err: unknown): void;
}

export class RedisBus {
  readonly nodeId = newId.request().replace('req_', 'node_');
  readonly #pub: Redis;
  readonly #sub: Redis;
  #heartbeat: NodeJS.Timeout | null = null;
  /** A connection dropped since the last catch-up. */
  #lost = false;

  constructor(
    url: string,
    private readonly handlers: BusHandlers,
    private readonly heartbeatMs = 5_000,
  ) {
    const options = { maxRetriesPerRequest: 2, enableOfflineQueue: false, lazyConnect: true } as const;
    this.#pub = new Redis(url, options);
    this.#sub = new Redis(url, { ...options, enableOfflineQueue: true });
    for (const client of [this.#pub, this.#sub]) client.on('error', () => {}); // status is watched instead
  }

  /** The client the rate limiter shares (counters live in Redis, so limits hold across nodes). */
  get client(): Redis {
    return this.#pub;
  }

  /** Connects both clients; gives up (closing them) after timeoutMs so a node does not hang at start. */
  async start(timeoutMs = 10_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        Promise.all([this.#pub.connect(), this.#sub.connect()]),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no connection within ${timeoutMs / 1000} s`)), timeoutMs);
        }),
      ]);
    } catch (err) {
      this.#pub.disconnect();
      this.#sub.disconnect();
      throw err;
    } finally {
      clearTimeout(timer);
    }
    // Redis echoes a node's own signals back to it: those are known by their first bytes (the
    // text starts with the node, as publish writes it) and dropped unparsed, not parsed whole
    // (a message with its content) to be thrown away.
    const own = `{"node":${JSON.stringify(this.nodeId)},`;
    this.#sub.on('message', (_channel: string, text: string) => {
      if (text.startsWith(own)) return;
      try {
        const { node, signal } = JSON.parse(text) as { node: string; signal: Signal };
        if (node !== this.nodeId) this.handlers.onRemote(signal);
      } catch (err) {
        this.handlers.onError(err);
      }
    });
    // ioredis reconnects and resubscribes by itself; what was published meanwhile is lost, so once
    // both connections are back the node catches up (and re-announces its users' presence).
    for (const client of [this.#pub, this.#sub]) {
      client.on('close', () => (this.#lost = true));
      client.on('ready', () => {
        if (this.#lost && this.healthy()) {
          this.#lost = false;
          this.handlers.onReconnect();
        }
      });
    }
    await this.#sub.subscribe(CHANNEL);
    await this.#beat();
    this.#heartbeat = setInterval(() => void this.#beat().catch(this.handlers.onError), this.heartbeatMs);
    this.#heartbeat.unref();
  }

  healthy(): boolean {
    return this.#pub.status === 'ready' && this.#sub.status === 'ready';
  }

  publish(signal: Signal): void {
    if (this.#pub.status !== 'ready') return; // lost; gap detection and resync recover it
    this.#pub.publish(CHANNEL, JSON.stringify({ node: this.nodeId, signal })).catch(this.handlers.onError);
  }

  /** Records this node's first connection of a user; true when the user was online nowhere before. */
  async join(projectId: string, userId: string): Promise<boolean> {
    const key = presenceKey(projectId, userId);
    const result = await this.#pub
      .multi()
      .sadd(key, this.nodeId)
      .scard(key)
      .sadd(nodePresenceKey(this.nodeId), presenceMember(projectId, userId))
      .exec();
    return Number(result?.[1]?.[1]) === 1;
  }

  /**
   * Records again every user connected here, for a Redis that lost them (it keeps nothing on
   * disk, so a restart forgets who is online) or a cluster that took this node for dead.
   */
  async rejoin(users: readonly { projectId: string; userId: string }[]): Promise<void> {
    await this.#beat();
    for (let i = 0; i < users.length; i += 500) {
      const pipeline = this.#pub.pipeline();
      for (const { projectId, userId } of users.slice(i, i + 500)) {
        pipeline
          .sadd(presenceKey(projectId, userId), this.nodeId)
          .sadd(nodePresenceKey(this.nodeId), presenceMember(projectId, userId));
      }
      await pipeline.exec();
    }
  }

  /** Records this node's last connection of a user closing; true when the user is online nowhere now. */
  async leave(projectId: string, userId: string): Promise<boolean> {
    const key = presenceKey(projectId, userId);
    const result = await this.#pub
      .multi()
      .srem(key, this.nodeId)
      .scard(key)
      .srem(nodePresenceKey(this.nodeId), presenceMember(projectId, userId))
      .exec();
    return Number(result?.[1]?.[1]) === 0;
  }

  /** Which of these users have a connection on some node. */
  async onlineAmong(projectId: string, userIds: readonly string[]): Promise<string[]> {
    if (userIds.length === 0) return [];
    const pipeline = this.#pub.pipeline();
    for (const userId of userIds) pipeline.exists(presenceKey(projectId, userId));
    const results = (await pipeline.exec()) ?? [];
    return userIds.filter((_, i) => results[i]?.[0] === null && results[i]?.[1] === 1);
  }

  async #beat(): Promise<void> {
    const now = Date.now();
    await this.#pub.zadd(NODES, now, this.nodeId);
    // Any node may clean up after a dead one; SREM makes doing it twice harmless.
    const dead = await this.#pub.zrangebyscore(NODES, 0, now - MISSED_HEARTBEATS * this.heartbeatMs);
    for (const node of dead) {
      for (const member of await this.#pub.smembers(nodePresenceKey(node))) {
        const [projectId, userId] = JSON.parse(member) as [string, string];
        const key = presenceKey(projectId, userId);
        const result = await this.#pub.multi().srem(key, node).scard(key).exec();
        if (Number(result?.[1]?.[1]) === 0) this.handlers.onOffline(projectId, userId);
      }
      await this.#pub.multi().del(nodePresenceKey(node)).zrem(NODES, node).exec();
    }
  }

  async close(): Promise<void> {
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    // Leave the cluster cleanly: others see this node's users go offline now, not in 20 s.
    await this.#pub.zadd(NODES, 0, this.nodeId).catch(() => {});
    await Promise.allSettled([this.#sub.quit(), this.#pub.quit()]);
  }
}
