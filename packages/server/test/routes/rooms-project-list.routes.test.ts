/**
 * GET /v1/rooms without user_id: every room of the project, filtered by type, status and
 * metadata, most recent activity first, paged over a snapshot that holds while rooms change.
 * (With user_id it is the user's list: rooms-list.routes.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallResult, SignedClient } from '../helpers/signed-client.js';
import { startTestServer, uniqueUser, type TestServer } from '../helpers/test-server.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

/** A project of its own, so "every room" holds only what the test made. */
const project = async () => (await t.newProject()).client;

const create = async (client: SignedClient, body: Record<string, unknown> = {}) => {
  const res = await client.post('/v1/rooms', { type: 'group', participants: [uniqueUser(), uniqueUser()], ...body });
  expect(res.status).toBe(201);
  return res.body.room_id as string;
};

async function pageAll(client: SignedClient, query: string, limit: number, between?: (page: number) => Promise<void>) {
  const seen: string[] = [];
  let cursor: string | null = null;
  let page = 0;
  do {
    const res: CallResult = await client.get(`/v1/rooms?limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.has_more).toBe(res.body.next_cursor !== null);
    seen.push(...res.body.data.map((r: { room_id: string }) => r.room_id));
    cursor = res.body.next_cursor;
    if (between) await between(page++);
  } while (cursor);
  return seen;
}

describe('GET /v1/rooms without user_id', () => {
  it('lists every live room of the project, most recent activity first, and nothing of another project', async () => {
    const client = await project();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await create(client, { name: `r${i}` }));
    const direct = (await client.post('/v1/rooms', { type: 'direct', participants: [uniqueUser(), uniqueUser()] })).body
      .room_id as string;
    const deleted = await create(client);
    await client.delete(`/v1/rooms/${deleted}`);
    await client.post('/v1/messages', { room_id: ids[1], sender_id: 'system', content: 'bump' });

    const res = await client.get('/v1/rooms');
    expect(res.status).toBe(200);
    expect(res.body.data.map((r: any) => r.room_id)).toEqual([ids[1], direct, ids[4], ids[3], ids[2], ids[0]]);
    expect(res.body.data[0]).toMatchObject({
      room_id: ids[1],
      name: 'r1',
      message_count: 1,
      participants: expect.any(Array),
    });
    expect(res.body).toMatchObject({ has_more: false, next_cursor: null });
    // Another project sees none of them.
    expect((await (await project()).get('/v1/rooms')).body).toEqual({ data: [], next_cursor: null, has_more: false });
  });

  it('filters by type, status and metadata key=value (strings, numbers, booleans; several must all hold)', async () => {
    const client = await project();
    const billingOpen = await create(client, { metadata: { queue: 'billing', order_id: 1234, vip: true } });
    const billingResolved = await create(client, { metadata: { queue: 'billing', order_id: '1234' } });
    const shipping = await create(client, { metadata: { queue: 'shipping', 'dotted.key': 'a=b' } });
    const direct = (
      await client.post('/v1/rooms', {
        type: 'direct',
        participants: [uniqueUser(), uniqueUser()],
        metadata: { queue: 'billing', nested: { queue: 'x' } },
      })
    ).body.room_id as string;
    await client.patch(`/v1/rooms/${billingResolved}`, { status: 'resolved' });

    const ids = async (query: string) => (await client.get(`/v1/rooms?${query}`)).body.data.map((r: any) => r.room_id);
    expect(await ids('status=open')).toEqual([direct, shipping, billingOpen]);
    expect(await ids('status=resolved')).toEqual([billingResolved]);
    expect(await ids('type=direct')).toEqual([direct]);
    expect(await ids('type=group&status=open')).toEqual([shipping, billingOpen]);
    // The update made billingResolved the most recent activity.
    expect(await ids('metadata=queue=billing')).toEqual([billingResolved, direct, billingOpen]);
    expect(await ids(`metadata=${encodeURIComponent('queue=billing')}&status=open`)).toEqual([direct, billingOpen]);
    expect(await ids('metadata=order_id=1234')).toEqual([billingResolved, billingOpen]);
    expect(await ids('metadata=vip=true')).toEqual([billingOpen]);
    expect(await ids('metadata=queue=billing&metadata=order_id=1234&metadata=vip=true')).toEqual([billingOpen]);
    expect(await ids(`metadata=${encodeURIComponent('dotted.key=a=b')}`)).toEqual([shipping]);
    // Top-level keys only; a missing key or another value matches nothing.
    expect(await ids('metadata=nested=x')).toEqual([]);
    expect(await ids('metadata=queue=Billing')).toEqual([]);
    expect(await ids('metadata=colour=red')).toEqual([]);
    expect(await ids('metadata=queue=')).toEqual([]);
  });

  it('pages through every room exactly once, filtered or not', async () => {
    const client = await project();
    const ids: string[] = [];
    for (let i = 0; i < 17; i++) ids.push(await create(client, { metadata: { parity: i % 2 === 0 ? 'even' : 'odd' } }));
    expect(await pageAll(client, '', 5)).toEqual([...ids].reverse());
    expect(await pageAll(client, '&metadata=parity=even', 3)).toEqual(ids.filter((_, i) => i % 2 === 0).reverse());
  });

  it('shows no room twice and skips none while rooms are created, updated, messaged and joined during paging', async () => {
    const client = await project();
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) ids.push(await create(client));
    const seen = await pageAll(client, '', 4, async (page) => {
      // Rooms not yet seen and rooms already seen wake up; new rooms appear.
      await client.post('/v1/messages', { room_id: ids[page], sender_id: 'system', content: 'old room wakes up' });
      await client.patch(`/v1/rooms/${ids[29 - page]}`, { name: `renamed ${page}` });
      await client.post(`/v1/rooms/${ids[15]}/participants`, { user_id: uniqueUser() });
      await create(client);
    });
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual([...ids].sort());
  });

  it('stays stable while other requests create and update rooms concurrently', async () => {
    const client = await project();
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) ids.push(await create(client, { metadata: { batch: 'first' } }));
    let stop = false;
    let writes = 0;
    // Writers run the whole time the reader pages, not just between pages.
    const writer = async (w: number) => {
      for (let i = 0; !stop; i++) {
        const target = ids[(i * 7 + w) % ids.length]!;
        if (i % 3 === 0) await create(client, { metadata: { batch: 'first' } });
        else if (i % 3 === 1)
          await client.post('/v1/messages', { room_id: target, sender_id: 'system', content: `w${w}` });
        else await client.patch(`/v1/rooms/${target}`, { status: i % 2 ? 'resolved' : 'open' });
        writes++;
      }
    };
    // Started once the first page fixed the snapshot: every room they create comes after it and
    // must not appear, although it matches the filter.
    let writers: Promise<void>[] = [];
    let pages = 0;
    try {
      const seen = await pageAll(client, '&metadata=batch=first', 3, async () => {
        if (pages === 0) writers = [writer(0), writer(1), writer(2)];
        pages++;
        // Let the writers get some work in between pages too.
        const before = writes;
        while (writes < before + 2) await new Promise((r) => setTimeout(r, 1));
      });
      expect(new Set(seen).size).toBe(seen.length);
      expect([...seen].sort()).toEqual([...ids].sort());
    } finally {
      stop = true;
      await Promise.all(writers);
    }
    expect(pages).toBeGreaterThan(10);
    expect(writes).toBeGreaterThan(20);
  });

  it("with user_id is the user's list, the filters narrowing it; its cursors stay its own", async () => {
    const client = await project();
    const agent = uniqueUser('agent');
    const open1 = await create(client, { participants: [agent, uniqueUser()] });
    const resolved = await create(client, { participants: [agent, uniqueUser()] });
    const open2 = await create(client, { participants: [agent, uniqueUser()] });
    await create(client); // not the agent's
    await client.patch(`/v1/rooms/${resolved}`, { status: 'resolved' });
    const ids = async (query: string) => (await client.get(`/v1/rooms?${query}`)).body.data.map((r: any) => r.room_id);
    expect(await ids(`user_id=${agent}`)).toEqual([resolved, open2, open1]);
    expect(await ids(`user_id=${agent}&status=open`)).toEqual([open2, open1]);
    expect(await pageAll(client, `&user_id=${agent}&status=open`, 1)).toEqual([open2, open1]);

    const unfiltered = (await client.get(`/v1/rooms?user_id=${agent}&limit=1`)).body.next_cursor as string;
    const all = (await client.get('/v1/rooms?limit=1')).body.next_cursor as string;
    const open = (await client.get('/v1/rooms?status=open&limit=1')).body.next_cursor as string;
    for (const [query, cursor] of [
      [`user_id=${agent}&status=open`, unfiltered],
      [`user_id=${agent}`, all],
      ['', unfiltered],
      ['status=resolved', open],
      ['', open],
    ] as const) {
      const res = await client.get(`/v1/rooms?${query}&limit=1&cursor=${cursor}`);
      expect(res.status, query).toBe(400);
      expect(res.body.error.code).toBe('invalid_cursor');
    }
    expect((await client.get(`/v1/rooms?status=open&limit=1&cursor=${open}`)).status).toBe(200);
  });

  it('400 naming the parameter for a bad type, status or metadata filter', async () => {
    const cases: [string, string][] = [
      ['type=channel', 'type'],
      ['status=closed', 'status'],
      ['metadata=noequals', 'metadata'],
      ['metadata==value', 'metadata'],
      ['metadata=a=1&metadata=oops', 'metadata.1'],
      [Array.from({ length: 11 }, (_, i) => `metadata=k${i}=v`).join('&'), 'metadata'],
      [`metadata=k=${'v'.repeat(1100)}`, 'metadata.0'],
    ];
    for (const [query, field] of cases) {
      const res = await t.client.get(`/v1/rooms?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.details[0].field, query).toBe(field);
    }
  });
});
