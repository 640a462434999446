import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, uniqueUser, type TestServer } from '../helpers/test-server.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

async function roomsOf(userId: string, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    ids.push(
      (await t.client.post('/v1/rooms', { type: 'group', name: `r${i}`, participants: [userId, `other-${i}`] })).body
        .room_id,
    );
  }
  return ids;
}

async function pageAll(userId: string, limit: number, between?: (page: number) => Promise<void>) {
  const seen: string[] = [];
  let cursor: string | null = null;
  let page = 0;
  do {
    const q: string = `/v1/rooms?user_id=${userId}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
    const res = await t.client.get(q);
    expect(res.status).toBe(200);
    seen.push(...res.body.data.map((r: { room_id: string }) => r.room_id));
    expect(res.body.has_more).toBe(res.body.next_cursor !== null);
    cursor = res.body.next_cursor;
    if (between) await between(page++);
  } while (cursor);
  return seen;
}

describe('GET /v1/rooms', () => {
  it("lists a user's rooms, most recent activity first, 20 by default", async () => {
    const user = uniqueUser();
    const ids = await roomsOf(user, 25);
    const first = await t.client.get(`/v1/rooms?user_id=${user}`);
    expect(first.body.data).toHaveLength(20);
    expect(first.body.has_more).toBe(true);
    expect(first.body.data.map((r: { room_id: string }) => r.room_id)).toEqual(ids.slice(5).reverse());

    // A message (activity) moves a room to the front.
    await t.client.post('/v1/messages', { room_id: ids[0], sender_id: 'system', content: 'bump' });
    const again = await t.client.get(`/v1/rooms?user_id=${user}&limit=1`);
    expect(again.body.data[0].room_id).toBe(ids[0]);
  });

  it('pages through every room exactly once', async () => {
    const user = uniqueUser();
    const ids = await roomsOf(user, 23);
    const seen = await pageAll(user, 5);
    expect(seen).toEqual([...ids].reverse());
  });

  it('shows no room twice and skips none while rooms are created, updated and messaged during paging', async () => {
    const user = uniqueUser();
    const ids = await roomsOf(user, 30);
    const seen = await pageAll(user, 4, async (page) => {
      // Touch rooms not yet seen and rooms already seen, and add new ones.
      await t.client.post('/v1/messages', { room_id: ids[page], sender_id: 'system', content: 'old room wakes up' });
      await t.client.patch(`/v1/rooms/${ids[29 - page]}`, { name: `renamed ${page}` });
      await t.client.post('/v1/rooms', { type: 'group', participants: [user, `late-${page}`] });
    });
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual([...ids].sort());
  });

  it('omits deleted rooms and rooms the user left, and lists nothing for an unknown user', async () => {
    const user = uniqueUser();
    const [a, b, c] = await roomsOf(user, 3);
    await t.client.delete(`/v1/rooms/${a}`);
    await t.client.post(`/v1/rooms/${b}/leave`, { user_id: user });
    const res = await t.client.get(`/v1/rooms?user_id=${user}`);
    expect(res.body.data.map((r: { room_id: string }) => r.room_id)).toEqual([c]);
    const none = await t.client.get(`/v1/rooms?user_id=${uniqueUser()}`);
    expect(none.body).toEqual({ data: [], next_cursor: null, has_more: false });
  });

  it('400 for a bad limit, or a cursor it did not issue (without user_id it lists every room: rooms-project-list)', async () => {
    for (const limit of [0, 101, 'abc']) {
      const res = await t.client.get(`/v1/rooms?user_id=u&limit=${limit}`);
      expect(res.status).toBe(400);
      expect(res.body.error.details[0].field).toBe('limit');
    }
    for (const cursor of ['garbage', Buffer.from('{"v":1}').toString('base64url')]) {
      const res = await t.client.get(`/v1/rooms?user_id=u&cursor=${cursor}`);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_cursor');
    }
  });

  it("400 invalid_cursor for a cursor of another user's list", async () => {
    const [mine, theirs] = [uniqueUser(), uniqueUser()];
    for (let i = 0; i < 2; i++)
      await t.client.post('/v1/rooms', { type: 'group', participants: [mine, theirs, `x${i}`] });
    const first = await t.client.get(`/v1/rooms?user_id=${mine}&limit=1`);
    expect(first.body.next_cursor).toEqual(expect.any(String));
    const foreign = await t.client.get(`/v1/rooms?user_id=${theirs}&limit=1&cursor=${first.body.next_cursor}`);
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.code).toBe('invalid_cursor');
    const own = await t.client.get(`/v1/rooms?user_id=${mine}&limit=1&cursor=${first.body.next_cursor}`);
    expect(own.status).toBe(200);
    expect(own.body.data).toHaveLength(1);
  });
});
