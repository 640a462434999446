// A small HTTP proxy in front of the real server that misbehaves on command: it answers with a
// status of its choosing, drops connections (before or after the server has applied the
// request), delays past the SDK's timeout, or stalls half-way through a body. It records every
// request it sees (with its Idempotency-Key and arrival time), so a test can prove how many
// attempts the SDK made, how far apart, with which key, and what reached the server.

import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Fault =
  /** Answer at once with this status, without forwarding: the server never sees the request. */
  | { type: 'status'; status: number; body?: string | object; headers?: Record<string, string> }
  /** Close the connection without forwarding or answering. */
  | { type: 'drop-before' }
  /** Forward (the server applies the request), then close the connection instead of answering. */
  | { type: 'drop-after' }
  /** Hold the request for `ms`, then forward it. */
  | { type: 'delay-before'; ms: number }
  /** Forward at once (the server applies it), hold the response for `ms`. */
  | { type: 'delay-after'; ms: number }
  /** Forward, then send the status, headers and half the body, and never the rest. */
  | { type: 'stall-body' };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** performance.now() when the request was fully received. */
  at: number;
  /** The fault applied to it, if any. */
  fault: Fault['type'] | undefined;
}

interface UpstreamResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export class FaultProxy {
  readonly url: string;
  readonly requests: RecordedRequest[] = [];
  readonly #server: Server;
  readonly #upstream: URL;
  readonly #sockets = new Set<Socket>();
  readonly #timers = new Set<NodeJS.Timeout>();
  #faults: Fault[] = [];

  private constructor(server: Server, upstream: URL, url: string) {
    this.#server = server;
    this.#upstream = upstream;
    this.url = url;
  }

  static async start(upstream: string): Promise<FaultProxy> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const proxy = new FaultProxy(server, new URL(upstream), `http://127.0.0.1:${port}`);
    server.on('connection', (socket) => {
      proxy.#sockets.add(socket);
      socket.once('close', () => proxy.#sockets.delete(socket));
    });
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const fault = proxy.#faults.shift();
        const recorded: RecordedRequest = {
          method: req.method ?? 'GET',
          path: req.url ?? '/',
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          at: performance.now(),
          fault: fault?.type,
        };
        proxy.requests.push(recorded);
        void proxy.#handle(recorded, fault, res).catch(() => res.socket?.destroy());
      });
    });
    return proxy;
  }

  /** Faults for the next requests, one each, in order; requests after them pass through. */
  inject(...faults: Fault[]): this {
    this.#faults.push(...faults);
    return this;
  }

  /** Forgets recorded requests and pending faults. */
  reset(): void {
    this.requests.length = 0;
    this.#faults = [];
  }

  /** Faults not consumed yet. */
  get pendingFaults(): number {
    return this.#faults.length;
  }

  /** Gaps in ms between consecutive recorded requests. */
  gaps(): number[] {
    return this.requests.slice(1).map((r, i) => r.at - this.requests[i]!.at);
  }

  async close(): Promise<void> {
    for (const timer of this.#timers) clearTimeout(timer);
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        resolve();
      }, ms);
      this.#timers.add(timer);
    });
  }

  async #handle(req: RecordedRequest, fault: Fault | undefined, res: ServerResponse): Promise<void> {
    switch (fault?.type) {
      case 'status': {
        const body =
          fault.body === undefined ? '' : typeof fault.body === 'string' ? fault.body : JSON.stringify(fault.body);
        const type = typeof fault.body === 'object' ? { 'content-type': 'application/json' } : {};
        res.writeHead(fault.status, { ...type, ...fault.headers });
        res.end(body);
        return;
      }
      case 'drop-before':
        res.socket?.destroy();
        return;
      case 'drop-after':
        await this.#forward(req);
        res.socket?.destroy();
        return;
      case 'delay-before':
        await this.#sleep(fault.ms);
        return this.#send(res, await this.#forward(req));
      case 'delay-after': {
        const upstream = await this.#forward(req);
        await this.#sleep(fault.ms);
        return this.#send(res, upstream);
      }
      case 'stall-body': {
        const upstream = await this.#forward(req);
        const headers = { ...upstream.headers };
        delete headers['transfer-encoding'];
        res.writeHead(upstream.status, headers);
        res.write(upstream.body.subarray(0, Math.max(1, Math.floor(upstream.body.length / 2))));
        return; // never ends; close() destroys the socket
      }
      case undefined:
        return this.#send(res, await this.#forward(req));
    }
  }

  #send(res: ServerResponse, upstream: UpstreamResponse): void {
    if (res.destroyed) return;
    const headers = { ...upstream.headers };
    delete headers['transfer-encoding'];
    delete headers['connection'];
    delete headers['keep-alive'];
    headers['content-length'] = String(upstream.body.length);
    res.writeHead(upstream.status, headers);
    res.end(upstream.body);
  }

  #forward(req: RecordedRequest): Promise<UpstreamResponse> {
    return new Promise((resolve, reject) => {
      const headers = { ...req.headers, host: this.#upstream.host };
      delete headers['connection'];
      const upstream = httpRequest(
        { host: this.#upstream.hostname, port: this.#upstream.port, method: req.method, path: req.path, headers },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }),
          );
          res.on('error', reject);
        },
      );
      upstream.on('error', reject);
      upstream.end(req.body);
    });
  }
}
