/**
 * Catch-up over a slow link: a client resuming a large backlog gets it at the pace it reads,
 * gapless and without being taken for a slow consumer (4008), while the room goes on live.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LIMITS } from '../../src/realtime/protocol.js';
import { startTestServer, uniqueUser, type TestServer } from '../helpers/test-server.js';
import { TestSocket } from '../helpers/ws-client.js';
import { startSlowLink, type SlowLink } from './slow-link.js';

const BACKLOG = 20_000;
const LIVE = 1_500;
/** ~700-byte frames: the backlog is ~14 MB, far more than the kernel's socket buffers and the 1 MiB send buffer. */
const CONTENT = 'x'.repeat(400);
const LINK_BYTES_PER_SECOND = 4 * 1024 * 1024;

let t: TestServer;
let link: SlowLink;
const saved = { ...LIMITS };
beforeAll(async () => {
  t = await startTestServer();
  link = await startSlowLink(t.url, LINK_BYTES_PER_SECOND);
});
afterAll(async () => {
  Object.assign(LIMITS, saved);
  await link.close();
  await t.close();
});

/** The backlog, written 500 messages per transaction (far faster on PostgreSQL than one each). */
async function writeBacklog(roomId: string, count: number): Promise<void> {
  const ctx = { projectId: t.credentials.project_id };
  for (let i = 0; i < count; i += 500) {
    await t.server.store.transaction(async () => {
      for (let j = i; j < Math.min(i + 500, count); j++) {
        await t.server.services.messages.send(ctx, { room_id: roomId, sender_id: 'system', content: CONTENT });
      }
    });
  }
}

/** Live messages, each its own transaction and signal, as requests would send them. */
async function sendMany(roomId: string, count: number): Promise<void> {
  const ctx = { projectId: t.credentials.project_id };
  for (let i = 0; i < count; i += 50) {
    const batch = Math.min(50, count - i);
    await Promise.all(
      Array.from({ length: batch }, () =>
        t.server.services.messages.send(ctx, { room_id: roomId, sender_id: 'system', content: CONTENT }),
      ),
    );
    await new Promise((r) => setImmediate(r));
  }
}

it(`a client resuming ${BACKLOG} messages over a slow link gets them all, in order, without a 4008`, {
  timeout: 180_000,
}, async () => {
  // Live messages arriving during the catch-up overflow what a fill holds: they must come from the store.
  LIMITS.maxPendingMessages = 200;
  const u = uniqueUser();
  const roomId = (await t.client.post('/v1/rooms', { type: 'group', participants: [u, 'peer'] })).body
    .room_id as string;
  await writeBacklog(roomId, BACKLOG);

  const slowBefore = t.server.app.realtime.stats.slowConsumersDisconnected;
  const droppedBefore = t.server.app.realtime.stats.pendingDropped;
  const token = (await t.client.post('/v1/auth/token', { user_id: u })).body.token as string;
  const s = await TestSocket.connect(link.url, token, { [roomId]: 0 });
  let closed: { code: number } | null = null;
  void s.closed.then((c) => (closed = c));

  await s.waitForCount('message.created', 1_000, 30_000);
  // The link stalls mid-backlog: the fill cannot finish (it waits for the buffer to drain), so
  // these 250 live messages arrive during it and overflow the 200 it holds.
  link.pause();
  await sendMany(roomId, 250);
  expect(s.of('message.created').length).toBeLessThan(BACKLOG);
  link.resume();
  await sendMany(roomId, LIVE - 250);

  const total = BACKLOG + LIVE;
  const until = Date.now() + 120_000;
  while (s.of('message.created').length < total && closed === null && Date.now() < until)
    await new Promise((r) => setTimeout(r, 50));
  expect(closed).toBeNull();
  expect(t.server.app.realtime.stats.slowConsumersDisconnected).toBe(slowBefore);
  const seqs = s.of('message.created').map((f) => f.message.seq as number);
  expect(seqs.length).toBe(total);
  expect(seqs.every((seq, i) => seq === i + 1)).toBe(true);
  expect(t.server.app.realtime.stats.pendingDropped).toBeGreaterThan(droppedBefore);
  s.ws.terminate();
});
