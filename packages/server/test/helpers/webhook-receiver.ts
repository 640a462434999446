/**
 * A real HTTP server that receives webhooks: records each request (raw body and headers) and
 * answers as the test says (status, delay), on a random or given port.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  json: { id: string; type: string; timestamp: string; project_id: string; data: any };
  at: number;
}

/** The answer: a status, sent after `delayMs` and once `release` (if given) has settled (the test decides when). */
export type Responder = (
  req: Received,
  index: number,
) => { status: number; delayMs?: number; release?: Promise<unknown> } | number;

export interface Receiver {
  url: string;
  port: number;
  /** Requests answered 2xx, in order of arrival. */
  received: Received[];
  /** Every request that arrived, whatever it was answered. */
  readonly requests: number;
  respond: Responder;
  waitFor(predicate: (all: Received[]) => boolean, timeoutMs?: number): Promise<Received[]>;
  close(): Promise<void>;
}

export async function startReceiver(opts: { port?: number; respond?: Responder } = {}): Promise<Receiver> {
  const received: Received[] = [];
  let requests = 0;
  let server: Server;
  const receiver: Receiver = {
    url: '',
    port: 0,
    received,
    get requests() {
      return requests;
    },
    respond: opts.respond ?? (() => 200),
    async waitFor(predicate, timeoutMs = 10_000) {
      const until = Date.now() + timeoutMs;
      while (!predicate(received)) {
        if (Date.now() > until)
          throw new Error(`receiver: condition not met within ${timeoutMs} ms; got ${received.length} requests`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return received;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests++;
      const body = Buffer.concat(chunks).toString('utf8');
      // A throw here would escape the event handler and crash the test worker: answer 400/500.
      let entry: Received;
      let answer: ReturnType<Receiver['respond']>;
      try {
        entry = { headers: req.headers, body, json: JSON.parse(body), at: Date.now() };
      } catch {
        res.writeHead(400).end('not JSON');
        return;
      }
      try {
        answer = receiver.respond(entry, received.length);
      } catch (err) {
        res.writeHead(500).end(String(err));
        return;
      }
      const { status, delayMs = 0, release } = typeof answer === 'number' ? { status: answer } : answer;
      if (status >= 200 && status < 300) received.push(entry);
      const reply = () => {
        if (!res.destroyed) res.writeHead(status, { 'content-type': 'text/plain' }).end(`status ${status}`);
      };
      setTimeout(() => void Promise.resolve(release).finally(reply), delayMs);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  receiver.port = (server.address() as AddressInfo).port;
  receiver.url = `http://127.0.0.1:${receiver.port}/hooks`;
  return receiver;
}

/** A port with nothing listening on it (for "receiver down"). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
