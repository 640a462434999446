/**
 * The realtime promise, under stress: while 10 000 messages flow, clients whose connections are
 * dropped at random and who reconnect with `resume` each see every room's messages exactly once,
 * gapless and in order.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { TestSocket } from '../helpers/ws-client.js';

const MESSAGES = 10_000;
const ROOMS = 4;
const CLIENTS = 6;

let t: TestServer;
let sending = true;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

class DroppingClient {
  readonly seen = new Map<string, number[]>();
  /** Connections dropped while messages were still being sent. */
  reconnects = 0;
  #socket: TestSocket | null = null;
  #stopped = false;

  constructor(private readonly token: string) {}

  last(roomId: string): number {
    return this.seen.get(roomId)?.at(-1) ?? 0;
  }

  async run(rooms: string[]): Promise<void> {
    for (const r of rooms) this.seen.set(r, []);
    while (!this.#stopped) {
      const resume = Object.fromEntries(rooms.map((r) => [r, this.last(r)]));
      const socket = await TestSocket.open(t.url);
      this.#socket = socket;
      socket.ws.on('message', (data) => {
        const frame = JSON.parse(data.toString());
        if (frame.type === 'message.created') this.seen.get(frame.room_id)!.push(frame.message.seq);
      });
      socket.send({ type: 'auth', token: this.token, resume });
      // Once ready, stay connected for a random while, then drop the connection without a
      // closing handshake. (Timing from `ready`, not from opening: on a loaded machine a client
      // dropped before it is ready would never make progress, which tests the machine, not us.)
      await Promise.race([socket.waitFor((f) => f.type === 'ready', 30_000).catch(() => {}), socket.closed]);
      await new Promise((r) => setTimeout(r, 10 + Math.random() * 150));
      if (this.#stopped) break;
      socket.ws.terminate();
      await socket.closed;
      if (sending) this.reconnects++;
    }
  }

  stop(): void {
    this.#stopped = true;
  }

  close(): void {
    this.#socket?.ws.terminate();
  }
}

it(`delivers ${MESSAGES} messages gapless and exactly once to clients dropped at random`, {
  timeout: 120_000,
}, async () => {
  const users = Array.from({ length: CLIENTS }, (_, i) => `drop-${i}`);
  const rooms: string[] = [];
  for (let i = 0; i < ROOMS; i++)
    rooms.push((await t.client.post('/v1/rooms', { type: 'group', participants: users })).body.room_id);
  const clients = await Promise.all(
    users.map(async (u) => new DroppingClient((await t.client.post('/v1/auth/token', { user_id: u })).body.token)),
  );
  // Awaited only after the sends: handled now, so a client that fails early fails the test at that
  // await instead of surfacing as an unhandled rejection while the sends go on.
  const running = Promise.all(clients.map((c) => c.run(rooms)));
  running.catch(() => {});

  const ctx = { projectId: t.credentials.project_id };
  const perRoom = MESSAGES / ROOMS;
  for (let i = 0; i < perRoom; i++) {
    await Promise.all(
      rooms.map((room_id) => t.server.services.messages.send(ctx, { room_id, sender_id: 'system', content: `m${i}` })),
    );
    // Sends made in-process with synchronous SQLite complete as one chain of microtasks; let
    // sockets and timers run between batches, as requests arriving over the network would.
    await new Promise((r) => setImmediate(r));
  }

  sending = false;
  const until = Date.now() + 60_000;
  while (clients.some((c) => rooms.some((r) => c.last(r) < perRoom)) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 50));
  }
  for (const c of clients) c.stop();
  await running;
  for (const c of clients) c.close();

  const expected = Array.from({ length: perRoom }, (_, i) => i + 1);
  for (const c of clients) {
    expect(c.reconnects).toBeGreaterThanOrEqual(2);
    for (const r of rooms) expect(c.seen.get(r)).toEqual(expected);
  }
});
