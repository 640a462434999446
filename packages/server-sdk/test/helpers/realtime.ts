// An end user's WebSocket to the suite's real server, as the client SDK opens it: authenticate
// with a token, record every frame. The `ws` package, since Node 20 (a pass of this suite) has
// no global WebSocket.

import { WebSocket } from 'ws';
import { server } from './env.ts';

export type Frame = { type: string; [key: string]: unknown };

let markers = 0;

export class UserSocket {
  readonly frames: Frame[] = [];
  readonly #ws: WebSocket;

  private constructor(ws: WebSocket) {
    this.#ws = ws;
    ws.on('message', (data) => this.frames.push(JSON.parse(String(data)) as Frame));
  }

  /** Opens `/v1/realtime`, sends the token, and resolves on the server's `ready`. */
  static async connect(token: string): Promise<UserSocket> {
    if (!server.available) throw new Error(`server unavailable: ${server.reason}`);
    const ws = new WebSocket(`${server.baseUrl.replace(/^http/, 'ws')}/v1/realtime`);
    const socket = new UserSocket(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    ws.send(JSON.stringify({ type: 'auth', token }));
    await socket.waitFor((f) => f.type === 'ready');
    return socket;
  }

  of(type: string): Frame[] {
    return this.frames.filter((f) => f.type === type);
  }

  async waitFor(predicate: (frame: Frame) => boolean, timeoutMs = 10_000): Promise<Frame> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.find(predicate);
      if (found) return found;
      if (Date.now() > until)
        throw new Error(`no matching frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames)}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /**
   * A marker instead of a sleep: a ping frame and its pong. On one node the server sends an
   * event's frames before the REST call that caused it answers, so once the pong is here, every
   * frame meant for this socket by the calls made so far has arrived: what is missing was not sent.
   */
  async marker(): Promise<void> {
    const id = `marker-${++markers}`;
    this.#ws.send(JSON.stringify({ type: 'ping', id }));
    await this.waitFor((f) => f.type === 'pong' && f.id === id);
  }

  close(): void {
    this.#ws.terminate();
  }
}
