/**
 * How long a request body may take to arrive. Node's own requestTimeout gives every request one
 * deadline, which is right against slowloris (a client that trickles a body to hold a connection)
 * and wrong for uploads: a 25 MiB file on a 1 Mbit/s link takes over three minutes. So Node's is
 * turned off (app.ts) and this module keeps two rules in its place:
 *
 * - a body must have arrived within the request timeout of its headers (every route), and
 * - the body of an upload route (route config `uploadBody`) may take as long as it keeps moving:
 *   it is cut off only when no byte has arrived for the upload idle timeout. Once the route has
 *   answered (a refusal before or while reading), the first rule applies to it again.
 *
 * Either way the client gets what Node would have sent: 408 request_timeout, and the connection
 * is closed (the route's stream then fails like an upload cut off by the client: nothing is kept).
 * Bodiless requests (GET…) are never tracked; one timer per app checks the bodies in flight.
 */
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** An upload: its body is timed by the upload idle timeout, not the request timeout. */
    uploadBody?: boolean;
  }
}

export interface BodyDeadlines {
  requestTimeoutMs: number;
  uploadIdleTimeoutMs: number;
  /** How often bodies in flight are checked: the precision of both timeouts. */
  checkEveryMs: number;
}

interface InFlight {
  /** When the headers had arrived: the request timeout counts from there. */
  startedAt: number;
  /** Timed by idleness (an upload the route is reading) rather than by the request timeout. */
  upload: boolean;
  /** The socket's bytesRead when it was last seen to move, and when. */
  bytesRead: number;
  movedAt: number;
}

const hasBody = (raw: IncomingMessage) =>
  raw.headers['transfer-encoding'] !== undefined ||
  (raw.headers['content-length'] !== undefined && raw.headers['content-length'] !== '0');

/** What Node reports for a request past its timeout: the clientError handler answers it 408. */
function requestTimeoutError(): NodeJS.ErrnoException {
  return Object.assign(new Error('Request timeout'), { code: 'ERR_HTTP_REQUEST_TIMEOUT' });
}

export function registerBodyDeadlines(app: FastifyInstance, deadlines: BodyDeadlines): void {
  const inFlight = new Map<IncomingMessage, InFlight>();

  app.addHook('onRequest', async (request) => {
    const raw = request.raw;
    if (raw.complete || !hasBody(raw)) return;
    const now = Date.now();
    inFlight.set(raw, {
      startedAt: now,
      upload: request.routeOptions?.config?.uploadBody === true,
      bytesRead: raw.socket.bytesRead,
      movedAt: now,
    });
  });
  // A body still arriving after the answer (the route refused it) is no upload any more.
  app.addHook('onResponse', async (request) => {
    const entry = inFlight.get(request.raw);
    if (entry) entry.upload = false;
  });

  const check = () => {
    const now = Date.now();
    for (const [raw, entry] of inFlight) {
      const socket = raw.socket;
      if (raw.complete || !socket || socket.destroyed) {
        inFlight.delete(raw);
        continue;
      }
      if (socket.bytesRead !== entry.bytesRead) {
        entry.bytesRead = socket.bytesRead;
        entry.movedAt = now;
      }
      const expired = entry.upload
        ? now - entry.movedAt > deadlines.uploadIdleTimeoutMs
        : now - entry.startedAt > deadlines.requestTimeoutMs;
      if (expired) {
        inFlight.delete(raw);
        app.server.emit('clientError', requestTimeoutError(), socket);
      }
    }
  };
  const timer = setInterval(check, deadlines.checkEveryMs);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));
}
