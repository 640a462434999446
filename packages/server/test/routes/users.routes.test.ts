/**
 * /v1/users: the users createToken issued a token to, listed newest first, read, changed; one
 * project never sees another's. Deletion has its own file (users-delete.routes.test.ts).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CallResult, SignedClient } from '../helpers/signed-client.js';
import { startTestServer, uniqueUser, type TestServer } from '../helpers/test-server.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());
afterEach(() => {
  vi.useRealTimers();
});

/** A project of its own, so its user list holds only what the test made. */
const project = async () => (await t.newProject()).client;

const issue = async (client: SignedClient, userId: string, extra: Record<string, unknown> = {}) => {
  const res = await client.post('/v1/auth/token', { user_id: userId, ...extra });
  expect(res.status).toBe(200);
  return res.body.token as string;
};

async function pageAll(client: SignedClient, query: string, limit: number, between?: () => Promise<void>) {
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const res: CallResult = await client.get(`/v1/users?limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status).toBe(200);
    expect(res.body.has_more).toBe(res.body.next_cursor !== null);
    seen.push(...res.body.data.map((u: { user_id: string }) => u.user_id));
    cursor = res.body.next_cursor;
    if (between) await between();
  } while (cursor);
  return seen;
}

describe('GET /v1/users', () => {
  it('lists the users issued a token, newest first, with their profile', async () => {
    const client = await project();
    // Ids in the opposite order of creation, and a clock that moves: the order is by time.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() - 60_000);
    await issue(client, 'u-second', { user_name: 'First', role: 'agent', user_info: { nickname: 'F', badge: 'VIP' } });
    vi.setSystemTime(Date.now() + 1000);
    await issue(client, 'u-first');
    vi.useRealTimers();
    const res = await client.get('/v1/users');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      data: [
        {
          user_id: 'u-first',
          name: null,
          role: 'user',
          info: {},
          created_at: expect.any(String),
          updated_at: expect.any(String),
        },
        {
          user_id: 'u-second',
          name: 'First',
          role: 'agent',
          info: { nickname: 'F', badge: 'VIP' },
          created_at: expect.any(String),
          updated_at: expect.any(String),
        },
      ],
      next_cursor: null,
      has_more: false,
    });
    expect(Date.parse(res.body.data[0].created_at) - Date.parse(res.body.data[1].created_at)).toBe(1000);
    // Issuing again changes the profile, not the place in the list.
    await issue(client, 'u-second', { role: 'agent' });
    expect((await client.get('/v1/users')).body.data.map((u: any) => u.user_id)).toEqual(['u-first', 'u-second']);
  });

  it('pages through every user once, and a role filter keeps to its role', async () => {
    const client = await project();
    const all: string[] = [];
    for (let i = 0; i < 13; i++) {
      const id = `u${String(i).padStart(2, '0')}`;
      await issue(client, id, { role: i % 3 === 0 ? 'agent' : 'user' });
      all.push(id);
    }
    expect(await pageAll(client, '', 4)).toEqual([...all].reverse());
    const agents = all.filter((_, i) => i % 3 === 0).reverse();
    expect(await pageAll(client, '&role=agent', 2)).toEqual(agents);
    expect(await pageAll(client, '&role=user', 3)).toEqual(all.filter((_, i) => i % 3 !== 0).reverse());
  });

  it('shows no user twice and skips none while users are created and updated during paging', async () => {
    const client = await project();
    const before: string[] = [];
    for (let i = 0; i < 10; i++) {
      before.push(`old-${i}`);
      await issue(client, `old-${i}`);
    }
    let n = 0;
    const seen = await pageAll(client, '', 3, async () => {
      await issue(client, `new-${n++}`);
      await issue(client, `old-${n}`, { user_name: `renamed ${n}` });
      await client.patch(`/v1/users/old-${9 - n}`, { role: 'agent' });
    });
    expect(seen).toEqual([...before].reverse());
  });

  it('400 for a bad role, limit or cursor, and for a cursor of another list', async () => {
    const client = await project();
    for (const q of ['role=admin', 'limit=0', 'limit=101', 'cursor=garbage', 'colour=red']) {
      const res = await client.get(`/v1/users?${q}`);
      expect(res.status, q).toBe(400);
    }
    expect((await client.get('/v1/users?cursor=garbage')).body.error.code).toBe('invalid_cursor');
    for (let i = 0; i < 3; i++) await issue(client, `a${i}`, { role: 'agent' });
    const agents = await client.get('/v1/users?role=agent&limit=1');
    const cursor = agents.body.next_cursor as string;
    expect((await client.get(`/v1/users?role=user&limit=1&cursor=${cursor}`)).body.error.code).toBe('invalid_cursor');
    expect((await client.get(`/v1/users?limit=1&cursor=${cursor}`)).body.error.code).toBe('invalid_cursor');
    const other = await project();
    expect((await other.get(`/v1/users?role=agent&limit=1&cursor=${cursor}`)).body.error.code).toBe('invalid_cursor');
    expect((await client.get(`/v1/users?role=agent&limit=1&cursor=${cursor}`)).body.data).toHaveLength(1);
  });
});

describe('GET /v1/users/:user_id', () => {
  it('answers the user, and 404 user_not_found for one never issued a token (even if revoked or in a room)', async () => {
    const client = await project();
    const id = uniqueUser();
    await issue(client, id, { user_name: 'Ann', user_info: { avatar_url: 'https://example.com/a.png' } });
    const res = await client.get(`/v1/users/${id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      user_id: id,
      name: 'Ann',
      role: 'user',
      info: { avatar_url: 'https://example.com/a.png' },
    });

    const revokedOnly = uniqueUser();
    expect((await client.post('/v1/auth/revoke', { user_id: revokedOnly })).status).toBe(200);
    const inRoomOnly = uniqueUser();
    await client.post('/v1/rooms', { type: 'group', participants: [inRoomOnly, id] });
    for (const missing of [uniqueUser(), revokedOnly, inRoomOnly]) {
      const gone = await client.get(`/v1/users/${missing}`);
      expect(gone.status).toBe(404);
      expect(gone.body.error.code).toBe('user_not_found');
      expect(gone.body.error.message).toContain(missing);
    }
    expect((await client.get('/v1/users')).body.data.map((u: any) => u.user_id)).toEqual([id]);
    // Revoking a real user keeps them a user.
    await client.post('/v1/auth/revoke', { user_id: id });
    expect((await client.get(`/v1/users/${id}`)).status).toBe(200);
  });

  it('400 for a malformed user id', async () => {
    const res = await t.client.get('/v1/users/has%20space');
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe('user_id');
  });
});

describe('PATCH /v1/users/:user_id', () => {
  it('changes name, info and role; null clears the name, {} the info; createToken without them keeps them', async () => {
    const client = await project();
    const id = uniqueUser();
    await issue(client, id, { user_name: 'Old', user_info: { nickname: 'o' } });
    const created = (await client.get(`/v1/users/${id}`)).body;
    const res = await client.patch(`/v1/users/${id}`, {
      name: 'New Name',
      info: { avatar_url: 'https://example.com/n.png', custom: { tier: 'gold' } },
      role: 'agent',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      user_id: id,
      name: 'New Name',
      role: 'agent',
      info: { avatar_url: 'https://example.com/n.png', custom: { tier: 'gold' } },
      created_at: created.created_at,
    });
    expect(Date.parse(res.body.updated_at)).toBeGreaterThanOrEqual(Date.parse(created.updated_at));
    expect((await client.get(`/v1/users/${id}`)).body).toEqual(res.body);

    expect((await client.patch(`/v1/users/${id}`, { name: null })).body).toMatchObject({ name: null, role: 'agent' });
    expect((await client.patch(`/v1/users/${id}`, { info: {} })).body.info).toEqual({});
    await client.patch(`/v1/users/${id}`, { name: 'Kept', info: { badge: 'B' } });
    await issue(client, id, { role: 'agent' });
    expect((await client.get(`/v1/users/${id}`)).body).toMatchObject({ name: 'Kept', info: { badge: 'B' } });
  });

  it('400 naming the field: createToken names (user_name, user_info), unknown or bad fields, an empty body', async () => {
    const client = await project();
    const id = uniqueUser();
    await issue(client, id, { user_name: 'Same' });
    const renamed = await client.patch(`/v1/users/${id}`, { user_name: 'X', user_info: {} });
    expect(renamed.status).toBe(400);
    expect(renamed.body.error.details).toEqual([
      { field: 'user_name', rule: 'additionalProperties', message: 'is not a known field; the field is name' },
      { field: 'user_info', rule: 'additionalProperties', message: 'is not a known field; the field is info' },
    ]);
    const cases: [unknown, string][] = [
      [{}, 'body'],
      [{ role: 'admin' }, 'role'],
      [{ name: 'x'.repeat(201) }, 'name'],
      [{ info: { colour: 'red' } }, 'info.colour'],
      [{ info: { custom: { blob: 'x'.repeat(9000) } } }, 'info'],
      [{ nickname: 'n' }, 'nickname'],
    ];
    for (const [body, field] of cases) {
      const res = await client.patch(`/v1/users/${id}`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.details.map((d: any) => d.field)).toContain(field);
    }
    expect((await client.get(`/v1/users/${id}`)).body.name).toBe('Same');
  });

  it('404 user_not_found for a user never issued a token, and creates nobody', async () => {
    const client = await project();
    const id = uniqueUser();
    const res = await client.patch(`/v1/users/${id}`, { name: 'Ghost' });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('user_not_found');
    expect((await client.get('/v1/users')).body.data).toEqual([]);
  });
});

describe('tenancy', () => {
  it("one project never sees, changes or deletes another's users", async () => {
    const mine = await project();
    const theirs = await project();
    const id = uniqueUser();
    await issue(mine, id, { user_name: 'Mine' });
    expect((await theirs.get('/v1/users')).body.data).toEqual([]);
    for (const res of [
      await theirs.get(`/v1/users/${id}`),
      await theirs.patch(`/v1/users/${id}`, { name: 'Stolen' }),
      await theirs.delete(`/v1/users/${id}`),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('user_not_found');
    }
    expect((await mine.get(`/v1/users/${id}`)).body.name).toBe('Mine');
    // The same id issued by the other project is another user.
    await issue(theirs, id, { user_name: 'Theirs' });
    expect((await theirs.get(`/v1/users/${id}`)).body.name).toBe('Theirs');
    expect((await mine.get(`/v1/users/${id}`)).body.name).toBe('Mine');
  });
});
