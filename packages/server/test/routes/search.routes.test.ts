import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser, newRoom, send, tokenOf, type UserCaller } from '../helpers/message-actors.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let t: TestServer;
let alice: UserCaller;
let carol: UserCaller;
let ab: string;
let ac: string;

const search = (params: Record<string, string>) => t.client.get(`/v1/messages/search?${new URLSearchParams(params)}`);
const contents = (res: { body: any }) => res.body.data.map((m: any) => m.content);

beforeAll(async () => {
  t = await startTestServer();
  alice = asUser(t, await tokenOf(t, 'alice'));
  carol = asUser(t, await tokenOf(t, 'carol'));
  ab = await newRoom(t, ['alice', 'bob']);
  ac = await newRoom(t, ['alice', 'carol']);
  await send(t, ab, 'alice', 'The delivery is late again');
  await send(t, ab, 'bob', 'Your DELIVERY ships tomorrow');
  await send(t, ab, 'bob', '안녕하세요 고객님, 배송이 늦어져서 죄송합니다');
  await send(t, ac, 'carol', 'late night delivery options');
  await send(t, ac, 'alice', '배송 조회는 어디서 하나요?');
});
afterAll(() => t.close());

describe('search', () => {
  it('finds words case-insensitively, all words of the query, newest first, with room id and seq', async () => {
    const res = await search({ query: 'delivery' });
    expect(res.status).toBe(200);
    expect(contents(res)).toEqual([
      'late night delivery options',
      'Your DELIVERY ships tomorrow',
      'The delivery is late again',
    ]);
    expect(res.body.data[0]).toMatchObject({ room_id: ac, seq: 1 });
    expect(contents(await search({ query: 'late delivery' }))).toEqual([
      'late night delivery options',
      'The delivery is late again',
    ]);
    expect(contents(await search({ query: 'deliv' }))).toHaveLength(3); // a part of a word
  });

  it('finds Korean by a part of a word, even of two characters', async () => {
    expect(contents(await search({ query: '하세요' }))).toEqual(['안녕하세요 고객님, 배송이 늦어져서 죄송합니다']);
    expect(contents(await search({ query: '배송' }))).toEqual([
      '배송 조회는 어디서 하나요?',
      '안녕하세요 고객님, 배송이 늦어져서 죄송합니다',
    ]);
    expect(contents(await search({ query: '늦어' }))).toHaveLength(1);
  });

  it('folds the case of A–Z only, the same on both stores, whether the newest messages or the index answer', async () => {
    const room = await newRoom(t, ['alice', 'bob']);
    for (const content of ['über Berlin', 'Über uns', 'ÜBER ALLES', 'Straße', 'STRASSE'])
      await send(t, room, 'alice', content);
    const found = async (query: string, limit = '20') => contents(await search({ query, room_id: room, limit }));
    // Few hits: answered from the index (which folds more than A–Z), narrowed to the rule.
    expect(await found('über')).toEqual(['über Berlin']);
    expect(await found('ÜBER')).toEqual(['ÜBER ALLES', 'Über uns']);
    expect(await found('straße')).toEqual(['Straße']);
    expect(await found('strasse')).toEqual(['STRASSE']);
    // A hit per page: answered by reading the newest messages first, by the same rule.
    expect(await found('ÜBER', '1')).toEqual(['ÜBER ALLES']);
    expect(await found('über', '1')).toEqual(['über Berlin']);
    expect(await found('ber', '1')).toEqual(['ÜBER ALLES']);
  });

  it('narrows to a room or a sender, and pages with a cursor', async () => {
    expect(contents(await search({ query: 'delivery', room_id: ab }))).toHaveLength(2);
    expect(contents(await search({ query: 'delivery', sender_id: 'bob' }))).toEqual(['Your DELIVERY ships tomorrow']);
    const first = await search({ query: 'delivery', limit: '2' });
    expect(first.body).toMatchObject({ has_more: true, next_cursor: expect.any(String) });
    const second = await search({ query: 'delivery', limit: '2', cursor: first.body.next_cursor });
    expect(contents(second)).toEqual(['The delivery is late again']);
    expect(second.body).toMatchObject({ has_more: false, next_cursor: null });
    const foreign = await search({ query: 'late', cursor: first.body.next_cursor });
    expect(foreign.body.error.code).toBe('invalid_cursor');
  });

  it('re-indexes edits and never finds a deleted message', async () => {
    const room = await newRoom(t, ['alice', 'bob']);
    const m = await send(t, room, 'alice', 'zebra crossing');
    await t.client.patch(`/v1/messages/${m.message_id}`, { content: 'giraffe crossing' });
    expect(contents(await search({ query: 'zebra' }))).toEqual([]);
    expect(contents(await search({ query: 'giraffe' }))).toEqual(['giraffe crossing']);
    await t.client.delete(`/v1/messages/${m.message_id}`);
    expect(contents(await search({ query: 'giraffe' }))).toEqual([]);
    expect(contents(await search({ query: 'crossing' }))).toEqual([]);
  });

  it('an end user finds only messages of rooms they belong to', async () => {
    const mine = await carol.call('GET', `/v1/me/messages/search?query=delivery`);
    expect(mine.body.data.map((m: any) => m.room_id)).toEqual([ac]);
    expect((await alice.call('GET', `/v1/me/messages/search?query=delivery`)).body.data).toHaveLength(3);
    const notMine = await carol.call('GET', `/v1/me/messages/search?query=delivery&room_id=${ab}`);
    expect(notMine.status).toBe(404);
    expect(notMine.body.error.code).toBe('room_not_found');
  });

  it('one project never finds another’s messages', async () => {
    const other = await t.newProject('other');
    const res = await other.client.get('/v1/messages/search?query=delivery');
    expect(res.body).toEqual({ data: [], next_cursor: null, has_more: false });
  });

  it.each([
    ['', 'minLength'],
    ['   ', 'minLength'],
    ['x'.repeat(201), 'maxLength'],
    [Array.from({ length: 11 }, (_, i) => `w${i}`).join(' '), 'maxItems'],
  ])('400 naming query for %j', async (query, rule) => {
    const res = await search({ query });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0]).toMatchObject({ field: 'query', rule });
  });

  it('treats % and _ as characters, not wildcards', async () => {
    const room = await newRoom(t, ['alice', 'bob']);
    await send(t, room, 'alice', '100% sure about snake_case');
    expect(contents(await search({ query: '100%', room_id: room }))).toHaveLength(1);
    expect(contents(await search({ query: 'e_c', room_id: room }))).toHaveLength(1);
    expect(contents(await search({ query: '0 %', room_id: room }))).toHaveLength(1);
    expect(contents(await search({ query: 's_e', room_id: room }))).toHaveLength(0);
  });

  it('never fails on query syntax: quotes, operators and column filters are text', async () => {
    const room = await newRoom(t, ['alice', 'bob']);
    await send(t, room, 'alice', 'say "hi" AND NEAR(x y) col:abc * \\ \'quoted\'');
    for (const query of ['"hi"', 'AND', 'NEAR(x', 'col:abc', '*', '\\', "'quoted'", '"', 'a"b"c', '((( )))', '^^^']) {
      const res = await search({ query, room_id: room });
      expect(res.status, query).toBe(200);
    }
    expect(contents(await search({ query: '"hi" col:abc', room_id: room }))).toHaveLength(1);
    expect(contents(await search({ query: 'NEAR(x', room_id: room }))).toHaveLength(1);
  });
});
