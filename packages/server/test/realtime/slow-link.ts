/**
 * A slow network link for tests: a TCP proxy that forwards what the client sends at once, and
 * what the server sends at a fixed rate. TCP's own flow control then pushes back on the server,
 * as a phone on a weak connection would.
 */
import { connect, createServer, type Socket } from 'node:net';

export interface SlowLink {
  url: string;
  /** Stops passing on what the server sends (a phone in a tunnel), until `resume()`. */
  hold(): void;
  resume(): void;
  close(): Promise<void>;
}

const TICK_MS = 10;
/** The most the proxy holds per connection before it stops reading from the server. */
const HOLD_BYTES = 64 * 1024;

export async function startSlowLink(targetUrl: string, bytesPerSecond: number): Promise<SlowLink> {
  const target = new URL(targetUrl);
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let onHold = false;
  const server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    sockets.add(client).add(upstream);
    const queue: Buffer[] = [];
    let held = 0;
    const tick = setInterval(() => {
      if (onHold) return;
      let budget = Math.ceil((bytesPerSecond * TICK_MS) / 1000);
      while (budget > 0 && queue.length > 0) {
        let chunk = queue[0]!;
        if (chunk.length > budget) {
          queue[0] = chunk.subarray(budget);
          chunk = chunk.subarray(0, budget);
        } else {
          queue.shift();
        }
        client.write(chunk);
        budget -= chunk.length;
        held -= chunk.length;
      }
      if (held < HOLD_BYTES && upstream.isPaused()) upstream.resume();
    }, TICK_MS);
    timers.add(tick);
    upstream.on('data', (chunk: Buffer) => {
      queue.push(chunk);
      held += chunk.length;
      if (held >= HOLD_BYTES) upstream.pause();
    });
    const end = () => {
      clearInterval(tick);
      timers.delete(tick);
      sockets.delete(client);
      sockets.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    client.pipe(upstream);
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    hold() {
      onHold = true;
    },
    resume() {
      onHold = false;
    },
    async close() {
      for (const s of sockets) s.destroy();
      for (const t of timers) clearInterval(t);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
