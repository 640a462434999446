// The bench's client sockets for one server: opened in batches, each authenticated and waiting
// for `ready`; every frame after it goes to the driver. A socket the server closes while it was
// not expected to is counted (a run that loses connections fails).
import { WebSocket } from 'ws';
import { BATCH } from './settings.ts';

const READY_MARK = Buffer.from('"type":"ready"');

export class Fleet {
  readonly sockets: WebSocket[] = [];
  unexpectedCloses = new Map<number, number>();
  #closing = false;

  readonly url: string;
  readonly onFrame: (data: Buffer) => void;

  constructor(url: string, onFrame: (data: Buffer) => void) {
    this.url = url;
    this.onFrame = onFrame;
  }

  #open(token: string): Promise<WebSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(this.url, { perMessageDeflate: false, skipUTF8Validation: true });
      let ready = false;
      ws.on('open', () => ws.send(JSON.stringify({ type: 'auth', token })));
      ws.on('message', (data) => {
        if (ready) return this.onFrame(data as Buffer);
        if ((data as Buffer).includes(READY_MARK)) {
          ready = true;
          resolve(ws);
        }
      });
      ws.on('error', (err) => {
        if (!ready) reject(err);
      });
      ws.on('close', (code) => {
        if (!ready) reject(new Error(`socket closed with ${code} before ready`));
        else if (!this.#closing) this.unexpectedCloses.set(code, (this.unexpectedCloses.get(code) ?? 0) + 1);
      });
    });
  }

  /** Opens one socket per token, `BATCH` at a time, each waiting for `ready`. Returns the time taken in ms. */
  async connect(tokens: string[]): Promise<number> {
    const start = performance.now();
    for (let i = 0; i < tokens.length; i += BATCH) {
      const batch = await Promise.all(tokens.slice(i, i + BATCH).map((token) => this.#open(token)));
      this.sockets.push(...batch);
    }
    return performance.now() - start;
  }

  /** From now on, the server closing a socket is expected. */
  expectClose(): void {
    this.#closing = true;
  }

  async close(): Promise<void> {
    this.#closing = true;
    const closed = this.sockets.map((ws) =>
      ws.readyState === WebSocket.CLOSED ? null : new Promise((resolve) => ws.once('close', resolve)),
    );
    for (const ws of this.sockets) ws.terminate();
    await Promise.all(closed);
    this.sockets.length = 0;
  }

  get lostCount(): number {
    let n = 0;
    for (const count of this.unexpectedCloses.values()) n += count;
    return n;
  }
}
