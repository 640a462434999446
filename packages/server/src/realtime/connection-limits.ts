/**
 * How many sockets the gateway holds, and for whom (docs/realtime.md, "Connection limits"): at
 * most so many on this node in all, so many not yet authenticated from one address, and so many
 * authenticated for one user. It decides; the gateway refuses the upgrade or closes the sockets it
 * is told to. Upgrades are refused before the WebSocket handshake, so a refused client costs the
 * server one short HTTP answer and no socket held open.
 */
import type { IncomingMessage } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';
import { normalizeIP } from '@fastify/rate-limit';
import type { Connection } from './connection.js';

export interface ConnectionCaps {
  /** Sockets on this node, authenticated or not. */
  maxConnections: number;
  /** Sockets of one address (an IPv6 /64) that have not authenticated yet. */
  maxUnauthenticatedPerIp: number;
  /** Authenticated sockets of one user on this node; past it, the oldest is closed. */
  maxPerUser: number;
  /** Proxies whose X-Forwarded-For names the client (config `trustProxy`); empty: the peer is the client. */
  trustProxy: readonly string[];
}

export interface UpgradeRefusal {
  status: 429 | 503;
  code: 'too_many_connections' | 'server_busy';
  message: string;
  retryAfterSeconds: number;
}

interface Entry {
  ip: string;
  /** Counted among its address's unauthenticated sockets until it authenticates or closes. */
  pending: boolean;
  userKey: string | null;
}

export class ConnectionLimits {
  readonly #entries = new Map<Connection, Entry>();
  readonly #pendingByIp = new Map<string, number>();
  /** Each user's authenticated sockets, oldest first (a Set keeps insertion order). */
  readonly #byUser = new Map<string, Set<Connection>>();
  /** Counters for operators (and tests). */
  readonly stats = { refusedUpgrades: 0, evicted: 0 };

  readonly #trusted: ((address: string, hop: number) => boolean) | null;

  constructor(private readonly caps: ConnectionCaps) {
    this.#trusted = caps.trustProxy.length > 0 ? proxyAddr.compile([...caps.trustProxy]) : null;
  }

  /**
   * The address a cap counts by: the peer, or behind trusted proxies the nearest address in
   * X-Forwarded-For that is not one of them (a client cannot pick its own by sending the header);
   * IPv4-mapped IPv6 as IPv4, other IPv6 by its /64 (what one host is given).
   */
  addressOf(req: IncomingMessage): string {
    if (!req.socket.remoteAddress) return 'unknown';
    const address = this.#trusted ? proxyAddr(req, this.#trusted) : req.socket.remoteAddress;
    return normalizeIP(address, 64);
  }

  /** Whether an upgrade from this address may go ahead; null when it may (then call opened()). */
  refusal(ip: string): UpgradeRefusal | null {
    if (this.#entries.size >= this.caps.maxConnections) {
      this.stats.refusedUpgrades++;
      return {
        status: 503,
        code: 'server_busy',
        message: `This server holds its maximum of ${this.caps.maxConnections} WebSocket connections; retry, another node may have room.`,
        retryAfterSeconds: 5,
      };
    }
    if ((this.#pendingByIp.get(ip) ?? 0) >= this.caps.maxUnauthenticatedPerIp) {
      this.stats.refusedUpgrades++;
      return {
        status: 429,
        code: 'too_many_connections',
        message: `${this.caps.maxUnauthenticatedPerIp} WebSocket connections from this address have not authenticated yet; authenticate those first.`,
        retryAfterSeconds: 1,
      };
    }
    return null;
  }

  opened(conn: Connection, ip: string): void {
    this.#entries.set(conn, { ip, pending: true, userKey: null });
    this.#pendingByIp.set(ip, (this.#pendingByIp.get(ip) ?? 0) + 1);
  }

  /**
   * The socket authenticated as its user: it no longer counts against its address. Returns the
   * user's sockets to close, oldest first, so that this one fits under the per-user cap.
   */
  authenticated(conn: Connection, userKey: string): Connection[] {
    const entry = this.#entries.get(conn);
    if (!entry) return [];
    this.#settle(entry);
    entry.userKey = userKey;
    let mine = this.#byUser.get(entry.userKey);
    if (!mine) {
      mine = new Set();
      this.#byUser.set(entry.userKey, mine);
    }
    mine.add(conn);
    const excess = mine.size - this.caps.maxPerUser;
    if (excess <= 0) return [];
    const oldest = [...mine].slice(0, excess);
    for (const old of oldest) mine.delete(old);
    this.stats.evicted += oldest.length;
    return oldest;
  }

  closed(conn: Connection): void {
    const entry = this.#entries.get(conn);
    if (!entry) return;
    this.#entries.delete(conn);
    this.#settle(entry);
    if (entry.userKey !== null) {
      const mine = this.#byUser.get(entry.userKey);
      mine?.delete(conn);
      if (mine?.size === 0) this.#byUser.delete(entry.userKey);
    }
  }

  /** Stops counting the socket among its address's unauthenticated ones (once). */
  #settle(entry: Entry): void {
    if (!entry.pending) return;
    entry.pending = false;
    const left = (this.#pendingByIp.get(entry.ip) ?? 1) - 1;
    if (left <= 0) this.#pendingByIp.delete(entry.ip);
    else this.#pendingByIp.set(entry.ip, left);
  }
}
