/**
 * The lifetimes docs/http-api.md promises, on a server whose clock the test moves: an
 * Idempotency-Key is kept (and replayed) for 24 hours, through the hourly clean-up, and a list
 * cursor is valid for 24 hours, then refused as invalid_cursor. Also the 409
 * idempotency_in_progress answer for a key whose first request has not finished.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../helpers/clock.js';
import { startTestServer, uniqueUser, type TestServer } from '../helpers/test-server.js';

const HOUR = 3600_000;
const clock = new ManualClock();
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ clock });
});
afterAll(() => t.close());

const roomsOf = async (user: string) =>
  (await t.client.get(`/v1/rooms?user_id=${user}&limit=100`)).body.data as { room_id: string }[];
/** What the server's hourly maintenance does. */
const cleanUp = () => t.server.services.idempotency.prune();

describe('an Idempotency-Key', () => {
  it('is replayed for 24 hours, clean-ups included, and runs anew once they have passed', async () => {
    const user = uniqueUser();
    const key = randomUUID();
    const body = { type: 'group', participants: [user, 'agent'] };
    const first = await t.client.post('/v1/rooms', body, { idempotencyKey: key });
    expect(first.status).toBe(201);

    clock.advance(24 * HOUR);
    await cleanUp();
    const replay = await t.client.post('/v1/rooms', body, { idempotencyKey: key });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(first.body);
    expect(await roomsOf(user)).toHaveLength(1);

    clock.advance(1);
    await cleanUp();
    const anew = await t.client.post('/v1/rooms', body, { idempotencyKey: key });
    expect(anew.status).toBe(201);
    expect(anew.headers.get('idempotent-replayed')).toBeNull();
    expect(anew.body.room_id).not.toBe(first.body.room_id);
    expect(await roomsOf(user)).toHaveLength(2);
  });

  it('answers 409 idempotency_in_progress, with no effect, while the first request with it has no outcome yet', async () => {
    const user = uniqueUser();
    const body = { type: 'group', participants: [user, 'agent'] };
    const projectId = t.credentials.project_id;
    const { store } = t.server;
    // The fingerprint of this method, path and body as the server stores it: the same request,
    // with another key, in another project (whose room is not this project's).
    const other = await t.newProject('fingerprints');
    const probe = randomUUID();
    const probed = await other.client.post('/v1/rooms', body, { idempotencyKey: probe });
    expect(probed.status).toBe(201);
    const { fingerprint } = (await store.idempotency.find(other.credentials.project_id, probe))!;
    // A first request with the key that has claimed it and has no outcome yet (on another node, say).
    const sameRequestKey = randomUUID();
    expect(
      await store.idempotency.claim(projectId, sameRequestKey, fingerprint, new Date(clock.now()).toISOString()),
    ).toBe(true);

    const res = await t.client.post('/v1/rooms', body, { idempotencyKey: sameRequestKey });
    expect(res.status, JSON.stringify(res.body)).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'idempotency_in_progress' });
    expect(await roomsOf(user)).toHaveLength(0);

    // Once the first one has its outcome, the same request gets it.
    await store.idempotency.complete(projectId, sameRequestKey, 201, JSON.stringify(probed.body));
    const replay = await t.client.post('/v1/rooms', body, { idempotencyKey: sameRequestKey });
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(probed.body);
    expect(await roomsOf(user)).toHaveLength(0);
  });
});

describe('a list cursor', () => {
  it('pages the same list for 24 hours, then is refused as invalid_cursor', async () => {
    const user = uniqueUser();
    for (const peer of ['p1', 'p2', 'p3'])
      await t.client.post('/v1/rooms', { type: 'group', participants: [user, peer] });
    const first = await t.client.get(`/v1/rooms?user_id=${user}&limit=1`);
    const cursor = first.body.next_cursor as string;
    expect(cursor).toBeTypeOf('string');

    clock.advance(24 * HOUR);
    const second = await t.client.get(`/v1/rooms?user_id=${user}&limit=1&cursor=${cursor}`);
    expect(second.status).toBe(200);
    expect(second.body.data).toHaveLength(1);
    // A cursor from a later page keeps the first page's age: the list's snapshot is as old.
    const later = second.body.next_cursor as string;

    clock.advance(1);
    for (const stale of [cursor, later]) {
      const refused = await t.client.get(`/v1/rooms?user_id=${user}&limit=1&cursor=${stale}`);
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe('invalid_cursor');
    }
  });
});
