/**
 * One project written from many requests at once (issue 11: no project-wide lock on the send
 * path): webhooks still arrive in each room's order, message seqs stay gapless, and a user's room
 * list pages with no room twice and none skipped while its rooms are messaged concurrently; a room
 * whose last participants leave at once is deleted, once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../helpers/webhook-receiver.js';
import { startTestServer, uniqueUser, type TestServer } from '../helpers/test-server.js';

let t: TestServer;
let receiver: Receiver;
beforeAll(async () => {
  t = await startTestServer({ webhooksAllowPrivate: true });
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
  await t.close();
});

const send = (roomId: string, content: string) =>
  t.client.post('/v1/messages', { room_id: roomId, sender_id: 'system', content });

describe('concurrent writes to one project', () => {
  it("deliver each room's webhooks in its seq order, with gapless seqs", async () => {
    const created = await t.client.post('/v1/webhooks', {
      url: `${receiver.url}/hook`,
      event_types: ['message.created'],
    });
    expect(created.status).toBe(201);
    const rooms: string[] = [];
    for (let i = 0; i < 3; i++)
      rooms.push((await t.client.post('/v1/rooms', { type: 'group', participants: ['a', `b${i}`] })).body.room_id);
    const PER_ROOM = 15;
    const results = await Promise.all(
      Array.from({ length: PER_ROOM * rooms.length }, (_, i) => send(rooms[i % rooms.length]!, `m${i}`)),
    );
    for (const res of results) expect(res.status).toBe(201);
    for (const room of rooms) {
      const seqs = results.filter((r) => r.body.room_id === room).map((r) => r.body.seq as number);
      expect([...seqs].sort((x, y) => x - y)).toEqual(Array.from({ length: PER_ROOM }, (_, i) => i + 1));
    }
    const all = await receiver.waitFor((r) => r.length >= PER_ROOM * rooms.length, 30_000);
    for (const room of rooms) {
      const arrived = all.filter((r) => r.json.data.message.room_id === room).map((r) => r.json.data.message.seq);
      expect(arrived).toEqual(Array.from({ length: PER_ROOM }, (_, i) => i + 1));
    }
  });

  it('pages a room list with no room twice and none skipped while its rooms are messaged concurrently', async () => {
    const user = uniqueUser();
    const ids: string[] = [];
    for (let i = 0; i < 24; i++)
      ids.push((await t.client.post('/v1/rooms', { type: 'group', participants: [user, `o${i}`] })).body.room_id);
    let writing = true;
    let sent = 0;
    const writers = Array.from({ length: 6 }, async (_, w) => {
      for (let i = w; writing; i += 7) {
        expect((await send(ids[i % ids.length]!, `busy ${i}`)).status).toBe(201);
        sent++;
      }
    });
    const seen: string[] = [];
    let cursor: string | null = null;
    try {
      do {
        const res: { status: number; body: any } = await t.client.get(
          `/v1/rooms?user_id=${user}&limit=5${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(res.status).toBe(200);
        seen.push(...res.body.data.map((r: { room_id: string }) => r.room_id));
        cursor = res.body.next_cursor;
        // Let the writers move rooms around between pages.
        await new Promise((r) => setTimeout(r, 30));
      } while (cursor);
    } finally {
      writing = false;
      await Promise.all(writers);
    }
    expect(sent).toBeGreaterThan(0);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual([...ids].sort());
  });

  it('a first page asked for while a room is being moved waits for the move: no room skipped or shown twice', async () => {
    const user = uniqueUser();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push((await t.client.post('/v1/rooms', { type: 'group', participants: [user, `p${i}`] })).body.room_id);
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let started!: () => void;
    const inFlight = new Promise<void>((r) => {
      started = r;
    });
    const { store } = t.server;
    // A write that has taken its activity number for the middle room and not committed yet.
    const writing = store.transaction(async () => {
      await store.roomActivity.bump(t.credentials.project_id, ids[2]!, new Date().toISOString());
      started();
      await gate;
    });
    await inFlight;
    const first = t.client.get(`/v1/rooms?user_id=${user}&limit=2`);
    await new Promise((r) => setTimeout(r, 100));
    release();
    await writing;
    const seen: string[] = [];
    let res: { status: number; body: any } = await first;
    for (;;) {
      expect(res.status).toBe(200);
      seen.push(...res.body.data.map((r: { room_id: string }) => r.room_id));
      if (!res.body.next_cursor) break;
      res = await t.client.get(`/v1/rooms?user_id=${user}&limit=2&cursor=${res.body.next_cursor}`);
    }
    expect(seen).toEqual([ids[2], ids[4], ids[3], ids[1], ids[0]]);
  });

  it('deletes a room whose last two participants leave at the same moment, once', async () => {
    const pairs: { roomId: string; users: [string, string] }[] = [];
    for (let i = 0; i < 8; i++) {
      const users: [string, string] = [uniqueUser(), uniqueUser()];
      const res = await t.client.post('/v1/rooms', { type: 'group', participants: users });
      expect(res.status).toBe(201);
      pairs.push({ roomId: res.body.room_id, users });
    }
    const answers = await Promise.all(
      pairs.flatMap(({ roomId, users }) =>
        users.map((user_id) => t.client.post(`/v1/rooms/${roomId}/leave`, { user_id })),
      ),
    );
    for (const res of answers) expect(res.status).toBe(200);
    for (const { roomId } of pairs) {
      const left = answers.filter((r) => r.body.room_id === roomId).map((r) => r.body.destroyed);
      expect(left.sort()).toEqual([false, true]);
      const gone = await t.client.get(`/v1/rooms/${roomId}`);
      expect(gone.status).toBe(404);
      expect(gone.body.error.code).toBe('room_not_found');
    }
  });
});
