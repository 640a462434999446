/**
 * The WebSocket endpoint /v1/realtime: upgrades, the auth handshake (token in the first frame,
 * never in the URL), client requests, heartbeats, token expiry, and shutdown. Routing of events
 * to connections is the hub's.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { AppError } from '../errors/app-error.js';
import { newId } from '../crypto/ids.js';
import type { Services } from '../services/index.js';
import { unsafeJson } from '../services/json-rules.js';
import type { UserLimits } from '../services/user-limits.js';
import { Connection } from './connection.js';
import { ConnectionLimits, type ConnectionCaps } from './connection-limits.js';
import { FrameBudget } from './frame-budget.js';
import { Hub } from './hub.js';
import type { PresenceTracker } from './presence.js';
import { CLOSE, LIMITS, REALTIME_PATH, type ClientFrame } from './protocol.js';

const CLOSE_FOR_CODE: Record<string, [number, string]> = {
  token_expired: [CLOSE.tokenExpired, 'token_expired'],
  token_revoked: [CLOSE.tokenRevoked, 'token_revoked'],
};

const NOT_A_FRAME = 'frames are JSON objects with a type';

/** The frame, or why it is not one (the reason of the 4009 close). */
function parse(data: RawData): ClientFrame | string {
  let value: unknown;
  try {
    value = JSON.parse(data.toString());
  } catch {
    return NOT_A_FRAME;
  }
  const unsafe = unsafeJson(value); // too deep to handle, or a NUL that would reach a query
  // A close reason holds 123 bytes: name the frame's top-level field, not the whole path.
  if (unsafe) return `${unsafe.field.split('.')[0]} ${unsafe.message}`.slice(0, 100);
  return value !== null && typeof value === 'object' && typeof (value as { type?: unknown }).type === 'string'
    ? (value as ClientFrame)
    : NOT_A_FRAME;
}

function validResume(resume: unknown): resume is Record<string, number> {
  return (
    resume !== null &&
    typeof resume === 'object' &&
    !Array.isArray(resume) &&
    Object.values(resume).every((v) => Number.isSafeInteger(v) && (v as number) >= 0)
  );
}

export interface Gateway {
  hub: Hub;
  /** Counters for operators (and tests). */
  stats: {
    connections: () => number;
    slowConsumersDisconnected: number;
    /** Live messages dropped from a fill's holding buffer (and read from the store instead). */
    readonly pendingDropped: number;
    /** Connections closed 1013 because too many signals came while they loaded. */
    readonly loadingOverflows: number;
    /** Upgrades refused by a connection cap; authenticated sockets closed 4010 for a newer one of their user. */
    readonly refusedUpgrades: number;
    readonly evicted: number;
  };
  close(): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    realtime: Gateway;
  }
}

export interface RealtimeOptions {
  /** Presence across nodes (the Redis bus in a cluster); this node's own otherwise. */
  presence?: PresenceTracker | undefined;
  caps: ConnectionCaps;
  /** The end users' budgets: frames, and the typing interval. */
  limits: UserLimits;
}

/** Answers an upgrade with a plain HTTP response and lets go of the socket. */
function answerUpgrade(socket: Duplex, status: string, headers: Record<string, string>, body = ''): void {
  // Node stops listening for errors on a socket it hands to 'upgrade': without this, a client
  // resetting the connection before the answer is written crashes the process.
  socket.on('error', () => socket.destroy());
  // Nothing closes an upgraded socket for us: without this, a client that never closes its
  // side keeps it (and a file descriptor) forever.
  socket.once('finish', () => socket.destroy());
  const lines = Object.entries({ ...headers, Connection: 'close', 'Content-Length': String(Buffer.byteLength(body)) });
  socket.end(`HTTP/1.1 ${status}\r\n${lines.map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n${body}`);
}

export function registerRealtime(app: FastifyInstance, services: Services, options: RealtimeOptions): Gateway {
  const hub = new Hub(
    services,
    (err) => app.log.error({ err }, 'realtime delivery failed'),
    options.presence,
    options.limits,
  );
  const unsubscribe = services.events.subscribe((signal) => hub.onSignal(signal));
  const wss = new WebSocketServer({ noServer: true, maxPayload: LIMITS.maxFrameBytes, perMessageDeflate: false });
  const connections = new Set<Connection>();
  const caps = new ConnectionLimits(options.caps);
  const stats = {
    connections: () => connections.size,
    slowConsumersDisconnected: 0,
    get pendingDropped() {
      return hub.stats.pendingDropped;
    },
    get loadingOverflows() {
      return hub.stats.loadingOverflows;
    },
    get refusedUpgrades() {
      return caps.stats.refusedUpgrades;
    },
    get evicted() {
      return caps.stats.evicted;
    },
  };

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== REALTIME_PATH) return answerUpgrade(socket, '404 Not Found', {});
    const ip = caps.addressOf(req);
    const refusal = caps.refusal(ip);
    if (refusal) {
      const requestId = newId.request();
      const body = JSON.stringify({
        error: { code: refusal.code, message: refusal.message, request_id: requestId },
      });
      return answerUpgrade(
        socket,
        refusal.status === 429 ? '429 Too Many Requests' : '503 Service Unavailable',
        {
          'Content-Type': 'application/json; charset=utf-8',
          'Retry-After': String(refusal.retryAfterSeconds),
          'X-Request-Id': requestId,
        },
        body,
      );
    }
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws, ip));
  };
  app.server.on('upgrade', onUpgrade);

  function accept(ws: WebSocket, ip: string): void {
    const conn = new Connection(ws);
    connections.add(conn);
    caps.opened(conn, ip);
    const budget = new FrameBudget(
      conn,
      options.limits,
      (frame) => handle(frame),
      (err) => app.log.error({ err }, 'realtime frame failed'),
    );
    let expiry: NodeJS.Timeout | undefined;
    const cancelAuthTimer = services.clock.after(LIMITS.authTimeoutMs, () =>
      conn.close(CLOSE.unauthorized, 'unauthorized: no auth frame'),
    );
    let state: 'waiting' | 'authenticating' | 'ready' = 'waiting';

    ws.on('pong', () => {
      conn.alive = true;
    });
    ws.on('close', () => {
      cancelAuthTimer();
      if (expiry) clearTimeout(expiry);
      if (conn.closeCode === CLOSE.slowConsumer) stats.slowConsumersDisconnected++;
      connections.delete(conn);
      caps.closed(conn);
      hub.detach(conn);
    });
    ws.on('error', () => ws.terminate());

    ws.on('message', (data) => {
      conn.alive = true;
      const frame = parse(data);
      if (typeof frame === 'string') return conn.close(CLOSE.protocolError, `protocol_error: ${frame}`);
      if (state === 'waiting') {
        if (frame.type !== 'auth' || typeof (frame as { token?: unknown }).token !== 'string') {
          return conn.close(CLOSE.unauthorized, 'unauthorized: the first frame must be {"type":"auth","token":…}');
        }
        const resume = (frame as { resume?: unknown }).resume ?? {};
        if (!validResume(resume))
          return conn.close(CLOSE.protocolError, 'protocol_error: resume maps room ids to seqs');
        const changes = (frame as { changes?: unknown }).changes ?? null;
        if (changes !== null && !validResume(changes))
          return conn.close(CLOSE.protocolError, 'protocol_error: changes maps room ids to change numbers');
        state = 'authenticating';
        cancelAuthTimer();
        void authenticate(frame.token, resume, changes);
        return;
      }
      if (state === 'authenticating') return; // requests before ready are dropped; clients wait for ready
      budget.offer(frame);
    });

    async function authenticate(
      token: string,
      resume: Record<string, number>,
      changes: Record<string, number> | null,
    ): Promise<void> {
      try {
        const user = await services.tokens.verifyUserToken(token);
        if (conn.closed) return;
        expiry = setTimeout(
          () => conn.close(CLOSE.tokenExpired, 'token_expired'),
          Math.max(0, user.expiresAt * 1000 - Date.now()),
        );
        expiry.unref();
        state = 'ready';
        // A user's newest sockets are the ones in use (the tab just opened): the oldest make room.
        for (const old of caps.authenticated(conn, `${user.projectId}\u0000${user.userId}`)) {
          old.close(
            CLOSE.tooManyConnections,
            `too_many_connections: more than ${options.caps.maxPerUser} for this user`,
          );
        }
        await hub.attach(conn, user, resume, changes);
      } catch (err) {
        if (err instanceof AppError) {
          const [code, reason] = CLOSE_FOR_CODE[err.code] ?? [CLOSE.unauthorized, `unauthorized: ${err.code}`];
          return conn.close(code, reason);
        }
        app.log.error({ err }, 'realtime authentication failed');
        conn.close(CLOSE.internalError, 'internal_error');
      }
    }

    function handle(frame: ClientFrame): void {
      const id = frame.id;
      switch (frame.type) {
        case 'ping':
          return conn.send({ type: 'pong', id: id ?? null });
        case 'typing.start':
        case 'typing.stop': {
          const roomId = (frame as { room_id?: unknown }).room_id;
          if (
            typeof roomId !== 'string' ||
            !hub.typing(conn, roomId, frame.type === 'typing.start' ? 'start' : 'stop')
          ) {
            conn.send({
              type: 'error',
              code: 'room_not_found',
              message: `Room ${String(roomId)} was not found.`,
              ref: id ?? null,
            });
          }
          return;
        }
        default:
          conn.send({
            type: 'error',
            code: 'unknown_type',
            message: `Unknown frame type "${(frame as { type: string }).type}".`,
            ref: id ?? null,
          });
      }
    }
  }

  // Both sides check liveness: a peer that missed a whole heartbeat interval is dropped.
  const heartbeat = setInterval(() => {
    for (const conn of connections) {
      if (!conn.alive) {
        conn.ws.terminate();
        continue;
      }
      conn.alive = false;
      conn.ws.ping();
    }
  }, LIMITS.heartbeatMs);
  heartbeat.unref();

  const gateway: Gateway = {
    hub,
    stats,
    close() {
      clearInterval(heartbeat);
      unsubscribe();
      app.server.off('upgrade', onUpgrade);
      for (const conn of connections) conn.close(CLOSE.goingAway, 'server shutting down');
      hub.closeAll(CLOSE.goingAway, 'server shutting down');
      wss.close();
    },
  };
  app.addHook('preClose', async () => gateway.close());
  app.decorate('realtime', gateway);
  return gateway;
}
