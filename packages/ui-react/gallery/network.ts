/**
 * A TCP proxy between the gallery page and the OiChat server, so the page's connection can be
 * cut for real: `drop(ms)` resets every connection (RST, as when Wi-Fi goes) and refuses new
 * ones for `ms`. The browser tests cut pages' connections with it too.
 */
import { connect, createServer, type Socket } from 'node:net';

export interface Network {
  url: string;
  /** Cuts every open connection and refuses new ones until `restore()` (or for `ms`, when given). */
  drop(ms?: number): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startNetwork(targetUrl: string): Promise<Network> {
  const target = new URL(targetUrl);
  const open = new Set<Socket>();
  let offline = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const server = createServer((client) => {
    if (offline) {
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(Number(target.port), target.hostname);
    open.add(client).add(upstream);
    const end = () => {
      open.delete(client);
      open.delete(upstream);
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
  const network: Network = {
    url: `http://127.0.0.1:${port}`,
    drop(ms) {
      offline = true;
      clearTimeout(timer);
      for (const s of [...open]) s.resetAndDestroy();
      open.clear();
      if (ms !== undefined) timer = setTimeout(() => network.restore(), ms);
    },
    restore() {
      clearTimeout(timer);
      offline = false;
    },
    async close() {
      clearTimeout(timer);
      for (const s of [...open]) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return network;
}
