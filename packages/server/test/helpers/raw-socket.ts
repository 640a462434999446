/** Bare TCP to a test server, for what no HTTP client sends: raw requests, resets, half-closes. */
import { connect, type Socket } from 'node:net';

/** A socket connected to the server at `baseUrl`; its errors (resets the test provokes) are ignored. */
export async function rawConnect(baseUrl: string, { allowHalfOpen = false } = {}): Promise<Socket> {
  const socket = connect({ port: Number(new URL(baseUrl).port), host: '127.0.0.1', allowHalfOpen });
  socket.on('error', () => {});
  await new Promise((resolve) => socket.once('connect', resolve));
  return socket;
}

/** Sends raw bytes and returns what came back before the server closed (or `waitMs` passed). */
export async function rawExchange(baseUrl: string, text: string, waitMs: number): Promise<string> {
  const socket = await rawConnect(baseUrl);
  const chunks: Buffer[] = [];
  socket.on('data', (c: Buffer) => chunks.push(c));
  const timer = setTimeout(() => socket.destroy(), waitMs);
  socket.write(text);
  await new Promise((resolve) => socket.once('close', resolve));
  clearTimeout(timer);
  return Buffer.concat(chunks).toString('utf8');
}
