/** Bare TCP to a test server, for what no HTTP client sends: raw requests, resets, half-closes. */
import { connect, type Socket } from 'node:net';

/** A socket connected to the server at `baseUrl`; its errors (resets the test provokes) are ignored. */
export async function rawConnect(baseUrl: string, { allowHalfOpen = false } = {}): Promise<Socket> {
  const socket = connect({ port: Number(new URL(baseUrl).port), host: '127.0.0.1', allowHalfOpen });
  socket.on('error', () => {});
  await new Promise((resolve) => socket.once('connect', resolve));
  return socket;
}

/** Sends raw bytes and returns what came back, once a whole response head has (or the server closed). */
export async function rawExchange(baseUrl: string, text: string): Promise<string> {
  const socket = await rawConnect(baseUrl);
  let answer = '';
  socket.setEncoding('utf8');
  const done = new Promise<void>((resolve) => {
    socket.on('data', (c: string) => {
      answer += c;
      if (answer.includes('\r\n\r\n')) resolve();
    });
    socket.once('close', () => resolve());
  });
  socket.write(text);
  await done;
  socket.destroy();
  return answer;
}
