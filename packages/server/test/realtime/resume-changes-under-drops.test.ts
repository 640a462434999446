/**
 * Resume covers changes, under stress: while messages are sent, edited, deleted, reacted to,
 * pinned and replied to, clients whose connections are dropped at random reconnect with their
 * message seqs and change numbers, and each ends with exactly the server's view of every room.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Message } from '../../src/services/models.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { TestSocket } from '../helpers/ws-client.js';

const OPERATIONS = 2_000;
const ROOMS = 3;
const USERS = ['u0', 'u1', 'u2', 'u3'];

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

/** What a user's own view must not hold: which reactions are theirs comes only on some frames. */
const comparable = ({ own_reactions: _, ...m }: Message) => m;

class Viewer {
  readonly messages = new Map<string, Message>();
  readonly seqs = new Map<string, number>();
  readonly changes = new Map<string, number>();
  reconnects = 0;
  /** Resolves at the first `ready`: from then on the client has every message of its rooms. */
  readonly ready: Promise<void>;
  #onReady!: () => void;
  #socket: TestSocket | null = null;
  #stopped = false;

  constructor(private readonly token: string) {
    this.ready = new Promise((resolve) => {
      this.#onReady = resolve;
    });
  }

  #onFrame(frame: any): void {
    if (frame.type === 'ready') {
      for (const r of frame.rooms) {
        if (!this.seqs.has(r.room_id)) this.seqs.set(r.room_id, r.last_seq);
        if (!this.changes.has(r.room_id)) this.changes.set(r.room_id, r.last_change_seq);
      }
      this.#onReady();
    } else if (frame.type === 'message.created') {
      expect(frame.message.seq).toBe((this.seqs.get(frame.room_id) ?? 0) + 1);
      this.messages.set(frame.message.message_id, frame.message);
      this.seqs.set(frame.room_id, frame.message.seq);
      // Sent in a changed state: that change counts as seen (a later resume must not replay it).
      if (typeof frame.change_seq === 'number')
        this.changes.set(frame.room_id, Math.max(this.changes.get(frame.room_id) ?? 0, frame.change_seq));
    } else if (typeof frame.change_seq === 'number') {
      // Each change once and in order: never one the client already has.
      expect(frame.change_seq).toBeGreaterThan(this.changes.get(frame.room_id) ?? 0);
      expect(this.messages.has(frame.message.message_id)).toBe(true);
      this.messages.set(frame.message.message_id, frame.message);
      this.changes.set(frame.room_id, frame.change_seq);
    }
  }

  async run(): Promise<void> {
    while (!this.#stopped) {
      const socket = await TestSocket.open(t.url);
      this.#socket = socket;
      socket.ws.on('message', (data) => this.#onFrame(JSON.parse(data.toString())));
      socket.send({
        type: 'auth',
        token: this.token,
        resume: Object.fromEntries(this.seqs),
        changes: Object.fromEntries(this.changes),
      });
      await Promise.race([socket.waitFor((f) => f.type === 'ready', 30_000).catch(() => {}), socket.closed]);
      await new Promise((r) => setTimeout(r, 10 + Math.random() * 150));
      if (this.#stopped) break;
      socket.ws.terminate();
      await socket.closed;
      this.reconnects++;
    }
  }

  stop(): void {
    this.#stopped = true;
  }

  close(): void {
    this.#socket?.ws.terminate();
  }
}

async function serverView(roomIds: string[]): Promise<Map<string, Message>> {
  const out = new Map<string, Message>();
  for (const room of roomIds) {
    for (let after = 0; ; ) {
      const page = (await t.client.get(`/v1/rooms/${room}/messages?after=${after}&limit=100`)).body;
      for (const m of page.data) out.set(m.message_id, m);
      if (!page.has_more) break;
      after = page.data.at(-1).seq;
    }
  }
  return out;
}

it(`ends with the server's view after ${OPERATIONS} sends and changes with connections dropped at random`, {
  timeout: 120_000,
}, async () => {
  const ctx = { projectId: t.credentials.project_id };
  const s = t.server.services;
  const rooms: string[] = [];
  for (let i = 0; i < ROOMS; i++)
    rooms.push((await t.client.post('/v1/rooms', { type: 'group', participants: USERS })).body.room_id);
  const viewers = await Promise.all(
    USERS.map(async (u) => new Viewer((await t.client.post('/v1/auth/token', { user_id: u })).body.token)),
  );
  const running = Promise.all(viewers.map((v) => v.run()));
  running.catch(() => {});
  await Promise.all(viewers.map((v) => v.ready));

  const sent: Message[] = [];
  const pick = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)]!;
  const ignoreDeleted = (err: { code?: string }) => {
    if (err.code !== 'message_deleted') throw err;
  };
  for (let i = 0; i < OPERATIONS; i++) {
    const roll = Math.random();
    const user = pick(USERS);
    if (sent.length < 10 || roll < 0.3) {
      const parent = sent.length > 0 && Math.random() < 0.2 ? pick(sent) : null;
      const input = { room_id: pick(rooms), sender_id: user, content: `m${i}` };
      const reply =
        parent && !parent.deleted_at ? { ...input, room_id: parent.room_id, parent_id: parent.message_id } : input;
      sent.push((await s.messages.send(ctx, reply).catch(() => s.messages.send(ctx, input))).message);
    } else {
      const target = pick(sent);
      const id = target.message_id;
      if (roll < 0.5) await s.messageChanges.edit(ctx, id, { content: `e${i}` }).catch(ignoreDeleted);
      else if (roll < 0.75) await s.reactions.add(ctx, id, user, pick(['👍', 'ok', '🎉'])).catch(ignoreDeleted);
      else if (roll < 0.85) await s.reactions.remove(ctx, id, user, pick(['👍', 'ok', '🎉'])).catch(ignoreDeleted);
      else if (roll < 0.9) await s.messageChanges.pin(ctx, id, 'system').catch(ignoreDeleted);
      else if (roll < 0.95) await s.messageChanges.unpin(ctx, id);
      else Object.assign(target, await s.messageChanges.delete(ctx, id));
    }
    if (i % 5 === 0) await new Promise((r) => setImmediate(r));
  }

  const expected = await serverView(rooms);
  const byId = (a: Message, b: Message) => (a.message_id < b.message_id ? -1 : 1);
  const want = JSON.stringify([...expected.values()].map(comparable).sort(byId));
  const viewOf = (v: Viewer) => JSON.stringify([...v.messages.values()].map(comparable).sort(byId));
  const caughtUp = (v: Viewer) =>
    rooms.every((r) => v.seqs.get(r) === [...expected.values()].filter((m) => m.room_id === r).length);
  const until = Date.now() + 60_000;
  while (viewers.some((v) => !caughtUp(v)) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  for (const v of viewers) v.stop();
  await running;
  // The last connections stay open: wait (up to the deadline) for their replays of changes to end
  // in the server's view; a change lost or wrong leaves a view that never gets there.
  while (viewers.some((v) => viewOf(v) !== want) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  for (const v of viewers) v.close();

  for (const v of viewers) {
    expect(v.reconnects).toBeGreaterThanOrEqual(2);
    expect(JSON.parse(viewOf(v))).toEqual(JSON.parse(want));
  }
});
