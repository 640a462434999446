/** A bare WebSocket client for gateway tests: connects, authenticates, records every frame. */
import { WebSocket } from 'ws';

export type Frame = { type: string; [k: string]: any };

export interface SocketOptions {
  /** Answer the server's WebSocket pings (default true); false plays a peer that went silent. */
  autoPong?: boolean;
}

let roundTrips = 0;

export class TestSocket {
  readonly frames: Frame[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly ws: WebSocket;
  /** WebSocket pings received from the server. */
  pings = 0;

  private constructor(url: string, options: SocketOptions) {
    this.ws = new WebSocket(url.replace(/^http/, 'ws') + '/v1/realtime', { autoPong: options.autoPong ?? true });
    this.ws.on('message', (data) => this.frames.push(JSON.parse(data.toString()) as Frame));
    this.ws.on('ping', () => this.pings++);
    this.closed = new Promise((resolve) =>
      this.ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    this.ws.on('error', () => {});
  }

  /** Opens a socket and sends the auth frame; resolves once open (not yet ready). */
  static async open(url: string, auth?: Record<string, unknown>, options: SocketOptions = {}): Promise<TestSocket> {
    const socket = new TestSocket(url, options);
    await new Promise<void>((resolve, reject) => {
      socket.ws.once('open', () => resolve());
      socket.ws.once('error', reject);
    });
    if (auth) socket.send({ type: 'auth', ...auth });
    return socket;
  }

  /** Opens, authenticates and waits for `ready`. */
  static async connect(
    url: string,
    token: string,
    resume?: Record<string, number>,
    options?: SocketOptions,
  ): Promise<TestSocket> {
    const socket = await TestSocket.open(url, { token, ...(resume && { resume }) }, options);
    await socket.waitFor((f) => f.type === 'ready');
    return socket;
  }

  send(frame: Record<string, unknown>): void {
    this.ws.send(JSON.stringify(frame));
  }

  of(type: string): Frame[] {
    return this.frames.filter((f) => f.type === type);
  }

  async waitFor(predicate: (frame: Frame) => boolean, timeoutMs = 5000): Promise<Frame> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.find(predicate);
      if (found) return found;
      if (Date.now() > until)
        throw new Error(
          `no matching frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames.map((f) => f.type))}`,
        );
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  async waitForCount(type: string, count: number, timeoutMs = 5000): Promise<Frame[]> {
    const until = Date.now() + timeoutMs;
    while (this.of(type).length < count) {
      if (Date.now() > until)
        throw new Error(`only ${this.of(type).length} of ${count} ${type} frames within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 10));
    }
    return this.of(type);
  }

  /**
   * A marker: pings the server (a ping frame) and waits for its pong. On one node a change's
   * events are sent before its REST call answers, so once this returns, every frame of the
   * changes made so far that was meant for this socket has arrived: what is not here was not sent.
   */
  async roundTrip(): Promise<void> {
    const id = `round-trip-${++roundTrips}`;
    this.send({ type: 'ping', id });
    await this.waitFor((f) => f.type === 'pong' && f.id === id);
  }

  close(): void {
    this.ws.close();
  }
}
