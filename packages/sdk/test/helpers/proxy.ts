/**
 * A TCP proxy in front of the server, standing in for the network between a user and OiChat:
 * `drop()` cuts every connection at once (no close handshake, as when Wi-Fi goes away) and
 * `offline` refuses new ones until set back; `blackhole()` silently stops forwarding on the open
 * connections without closing them (a NAT entry that expired, a dead link behind a live Wi-Fi):
 * neither end notices until it stops hearing from the other. Both REST and WebSocket traffic
 * pass through it.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface NetworkProxy {
  url: string;
  offline: boolean;
  /** How many connections it accepted and forwarded. */
  readonly accepted: number;
  drop(): void;
  /** Freezes every open connection: nothing more is forwarded either way, nothing is closed. New connections work. */
  blackhole(): void;
  close(): Promise<void>;
}

export async function startProxy(targetUrl: string): Promise<NetworkProxy> {
  const target = new URL(targetUrl);
  const pairs = new Set<[Socket, Socket]>();
  let accepted = 0;
  const state = { offline: false };
  const server: Server = createServer((client) => {
    if (state.offline) {
      client.destroy();
      return;
    }
    accepted++;
    const upstream = connect(Number(target.port), target.hostname);
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const proxy: NetworkProxy = {
    url: `http://127.0.0.1:${port}`,
    get offline() {
      return state.offline;
    },
    set offline(value: boolean) {
      state.offline = value;
    },
    get accepted() {
      return accepted;
    },
    blackhole() {
      for (const [a, b] of pairs) {
        a.unpipe(b);
        b.unpipe(a);
        // Paused, they read nothing more: what either end sends stays in the kernel's buffers.
        a.pause();
        b.pause();
      }
    },
    drop() {
      for (const [a, b] of [...pairs]) {
        // resetAndDestroy sends RST: the peer sees a dead connection, not an orderly close.
        a.resetAndDestroy();
        b.resetAndDestroy();
      }
      pairs.clear();
    },
    async close() {
      proxy.drop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return proxy;
}
