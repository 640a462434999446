import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser, newRoom, send, tokenOf, type UserCaller } from '../helpers/message-actors.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { TestSocket } from '../helpers/ws-client.js';

let t: TestServer;
let alice: UserCaller;
let bob: UserCaller;
let mallory: UserCaller;
let roomId: string;

beforeAll(async () => {
  t = await startTestServer();
  alice = asUser(t, await tokenOf(t, 'alice'));
  bob = asUser(t, await tokenOf(t, 'bob'));
  mallory = asUser(t, await tokenOf(t, 'mallory'));
  roomId = await newRoom(t, ['alice', 'bob']);
});
afterAll(() => t.close());

describe('edit', () => {
  it('the backend edits any message; it gets edited_at and keeps its seq', async () => {
    const m = await send(t, roomId, 'system', 'Order confirmed', { content_type: 'system' });
    const res = await t.client.patch(`/v1/messages/${m.message_id}`, { content: 'Order shipped', metadata: { n: 1 } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      message_id: m.message_id,
      seq: m.seq,
      content: 'Order shipped',
      metadata: { n: 1 },
    });
    expect(Date.parse(res.body.edited_at)).toBeGreaterThanOrEqual(Date.parse(m.created_at));
    expect((await t.client.get(`/v1/messages/${m.message_id}`)).body).toEqual(res.body);
    const history = (await t.client.get(`/v1/rooms/${roomId}/messages?after=${m.seq - 1}&limit=1`)).body.data;
    expect(history[0]).toEqual(res.body);
  });

  it('the same edit again (a retry after a lost answer) changes nothing: no second event, the same edited_at', async () => {
    const watcher = await TestSocket.connect(t.url, await tokenOf(t, 'bob'));
    const m = await send(t, roomId, 'alice', 'draft', { metadata: { a: 1, b: 2 } });
    const first = await alice.call('PATCH', `/v1/me/messages/${m.message_id}`, { content: 'final' });
    const again = await alice.call('PATCH', `/v1/me/messages/${m.message_id}`, { content: 'final' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    // The same metadata in another key order is the same metadata; other metadata is a change.
    expect((await t.client.patch(`/v1/messages/${m.message_id}`, { metadata: { b: 2, a: 1 } })).body).toEqual(
      first.body,
    );
    const changed = await t.client.patch(`/v1/messages/${m.message_id}`, { content: 'final', metadata: { a: 2 } });
    expect(changed.body).toMatchObject({ content: 'final', metadata: { a: 2 } });
    await watcher.roundTrip();
    const updates = watcher.of('message.updated').filter((f) => f.message.message_id === m.message_id);
    expect(updates.map((f) => f.message.metadata)).toEqual([{ a: 1, b: 2 }, { a: 2 }]);
    watcher.close();
  });

  it('an end user edits only their own messages: 403 not_message_sender for another user’s or a system message', async () => {
    const mine = await send(t, roomId, 'alice', 'helo');
    const edited = await alice.call('PATCH', `/v1/me/messages/${mine.message_id}`, { content: 'hello' });
    expect(edited.status).toBe(200);
    expect(edited.body.content).toBe('hello');
    const other = await bob.call('PATCH', `/v1/me/messages/${mine.message_id}`, { content: 'hacked' });
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('not_message_sender');
    const system = await send(t, roomId, 'system', 'welcome');
    expect((await alice.call('PATCH', `/v1/me/messages/${system.message_id}`, { content: 'x' })).status).toBe(403);
    expect((await t.client.get(`/v1/messages/${mine.message_id}`)).body.content).toBe('hello');
  });

  it('a non-member gets 404 message_not_found, as for a message that does not exist', async () => {
    const m = await send(t, roomId, 'alice', 'private');
    for (const [method, path, body] of [
      ['GET', `/v1/me/messages/${m.message_id}`],
      ['PATCH', `/v1/me/messages/${m.message_id}`, { content: 'x' }],
      ['DELETE', `/v1/me/messages/${m.message_id}`],
      ['POST', `/v1/me/messages/${m.message_id}/reactions`, { type: '👍' }],
      ['POST', `/v1/me/messages/${m.message_id}/pin`],
      ['GET', `/v1/me/messages/${m.message_id}/replies`],
    ] as const) {
      const res = await mallory.call(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body.error.code).toBe('message_not_found');
    }
    expect((await mallory.call('GET', `/v1/me/rooms/${roomId}/pins`)).body.error.code).toBe('room_not_found');
    expect((await t.client.get(`/v1/messages/${m.message_id}`)).body.content).toBe('private');
  });

  it('one project never reaches another’s messages', async () => {
    const m = await send(t, roomId, 'alice', 'ours');
    const other = await t.newProject('other');
    expect((await other.client.get(`/v1/messages/${m.message_id}`)).status).toBe(404);
    expect((await other.client.patch(`/v1/messages/${m.message_id}`, { content: 'x' })).status).toBe(404);
    expect((await other.client.delete(`/v1/messages/${m.message_id}`)).status).toBe(404);
    const r = await other.client.post(`/v1/messages/${m.message_id}/reactions`, { user_id: 'alice', type: 'x' });
    expect(r.body.error.code).toBe('message_not_found');
    expect((await t.client.get(`/v1/messages/${m.message_id}`)).body).not.toHaveProperty('reactions');
  });

  it.each([
    [{}, 'body', 'minProperties'],
    [{ content: '' }, 'content', 'minLength'],
    [{ content: 'x'.repeat(10_001) }, 'content', 'maxLength'],
    [{ metadata: { m: 'x'.repeat(9000) } }, 'metadata', 'maxBytes'],
    [{ sender_id: 'bob' }, 'sender_id', 'additionalProperties'],
  ])('400 naming the field: %j', async (body, field, rule) => {
    const m = await send(t, roomId, 'alice', 'x');
    const res = await t.client.patch(`/v1/messages/${m.message_id}`, body);
    expect(res.status).toBe(400);
    expect(res.body.error.details).toContainEqual(expect.objectContaining({ field, rule }));
  });

  it('an image message stays an image: its new content must be a file URL', async () => {
    const m = await send(t, roomId, 'alice', 'https://cdn.example/a.png', { content_type: 'image' });
    const res = await t.client.patch(`/v1/messages/${m.message_id}`, { content: 'not a url' });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0]).toMatchObject({ field: 'content', rule: 'fileUrl' });
  });
});

describe('delete', () => {
  it('is soft: id, seq, sender and times stay; content, metadata, reactions, mentions and pin go', async () => {
    const m = await send(t, roomId, 'alice', 'secret plans', { metadata: { a: 1 }, mentions: ['bob'] });
    await bob.call('POST', `/v1/me/messages/${m.message_id}/reactions`, { type: '👍' });
    await bob.call('POST', `/v1/me/messages/${m.message_id}/pin`);
    const res = await alice.call('DELETE', `/v1/me/messages/${m.message_id}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      message_id: m.message_id,
      room_id: roomId,
      seq: m.seq,
      sender_id: 'alice',
      content: '',
      content_type: 'text',
      metadata: {},
      created_at: m.created_at,
      deleted_at: expect.any(String),
    });
    const history = (await bob.call('GET', `/v1/me/rooms/${roomId}/messages?limit=100`)).body.data;
    expect(history.find((x: any) => x.seq === m.seq)).toEqual(res.body);
    expect(JSON.stringify(history)).not.toContain('secret plans');
    expect((await bob.call('GET', `/v1/me/rooms/${roomId}/pins`)).body.data).toEqual([]);
    // Deleting again changes nothing; editing or reacting to it is a 409.
    expect((await t.client.delete(`/v1/messages/${m.message_id}`)).body).toEqual(res.body);
    expect((await t.client.patch(`/v1/messages/${m.message_id}`, { content: 'x' })).body.error.code).toBe(
      'message_deleted',
    );
    expect((await bob.call('POST', `/v1/me/messages/${m.message_id}/reactions`, { type: 'x' })).status).toBe(409);
  });

  it('users delete only their own; the backend any', async () => {
    const m = await send(t, roomId, 'alice', 'mine');
    const no = await bob.call('DELETE', `/v1/me/messages/${m.message_id}`);
    expect(no.status).toBe(403);
    expect(no.body.error.code).toBe('not_message_sender');
    expect((await t.client.delete(`/v1/messages/${m.message_id}`)).body.deleted_at).toEqual(expect.any(String));
  });
});

describe('reactions', () => {
  it('counts per type, one of each type per user; /v1/me says which are mine', async () => {
    const m = await send(t, roomId, 'alice', 'lunch?');
    expect((await alice.call('POST', `/v1/me/messages/${m.message_id}/reactions`, { type: '👍' })).body).toMatchObject({
      reactions: { '👍': 1 },
      own_reactions: ['👍'],
    });
    await alice.call('POST', `/v1/me/messages/${m.message_id}/reactions`, { type: '👍' });
    await bob.call('POST', `/v1/me/messages/${m.message_id}/reactions`, { type: '👍' });
    const res = await t.client.post(`/v1/messages/${m.message_id}/reactions`, { user_id: 'bob', type: 'party_parrot' });
    expect(res.status).toBe(200);
    expect(res.body.reactions).toEqual({ '👍': 2, party_parrot: 1 });
    expect(res.body).not.toHaveProperty('own_reactions');
    const seen = (await bob.call('GET', `/v1/me/messages/${m.message_id}`)).body;
    expect(seen.own_reactions.sort()).toEqual(['party_parrot', '👍'].sort());
    const inHistory = (await alice.call('GET', `/v1/me/rooms/${roomId}/messages?after=${m.seq - 1}&limit=1`)).body;
    expect(inHistory.data[0]).toMatchObject({ reactions: { '👍': 2, party_parrot: 1 }, own_reactions: ['👍'] });

    const removed = await alice.call('DELETE', `/v1/me/messages/${m.message_id}/reactions/${encodeURIComponent('👍')}`);
    expect(removed.body).toMatchObject({ reactions: { '👍': 1, party_parrot: 1 }, own_reactions: [] });
    const backendRemoved = await t.client.delete(`/v1/messages/${m.message_id}/reactions/party_parrot?user_id=bob`);
    expect(backendRemoved.body.reactions).toEqual({ '👍': 1 });
    await t.client.delete(`/v1/messages/${m.message_id}/reactions/${encodeURIComponent('👍')}?user_id=bob`);
    expect((await t.client.get(`/v1/messages/${m.message_id}`)).body).not.toHaveProperty('reactions');
  });

  it('the backend reacts only for a participant (422 participant_not_found)', async () => {
    const m = await send(t, roomId, 'alice', 'x');
    const res = await t.client.post(`/v1/messages/${m.message_id}/reactions`, { user_id: 'mallory', type: 'x' });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('participant_not_found');
  });

  it.each([
    ['', 'minLength'],
    ['x'.repeat(65), 'maxLength'],
    ['a\nb', 'noControl'],
    ['\u0007', 'noControl'],
    [' x', 'noSurroundingSpace'],
  ])('400 naming type for %j (%s)', async (type, rule) => {
    const m = await send(t, roomId, 'alice', 'x');
    const res = await alice.call('POST', `/v1/me/messages/${m.message_id}/reactions`, { type });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0]).toMatchObject({ field: 'type', rule });
    const viaPath = await alice.call(
      'DELETE',
      `/v1/me/messages/${m.message_id}/reactions/${encodeURIComponent(type) || '%20'}`,
    );
    expect(viaPath.status).toBe(400);
  });

  it('two users reacting at once both count', async () => {
    const m = await send(t, roomId, 'alice', 'race');
    const types = ['a', 'b', 'c', 'd', 'e'];
    await Promise.all(
      types.flatMap((type) => [
        alice.call('POST', `/v1/me/messages/${m.message_id}/reactions`, { type }),
        bob.call('POST', `/v1/me/messages/${m.message_id}/reactions`, { type }),
      ]),
    );
    expect((await t.client.get(`/v1/messages/${m.message_id}`)).body.reactions).toEqual({
      a: 2,
      b: 2,
      c: 2,
      d: 2,
      e: 2,
    });
  });
});

describe('threads', () => {
  it('replies join the root’s thread (one level), count on it, and can be left out of the timeline', async () => {
    const room = await newRoom(t, ['alice', 'bob']);
    const root = await send(t, room, 'alice', 'Question?');
    const r1 = await send(t, room, 'bob', 'Answer 1', { parent_id: root.message_id });
    const r2 = (
      await alice.call('POST', `/v1/me/rooms/${room}/messages`, { content: 'thanks', parent_id: r1.message_id })
    ).body;
    expect(r1.parent_id).toBe(root.message_id);
    expect(r2.parent_id).toBe(root.message_id);
    const after = await send(t, room, 'alice', 'Next topic');
    const rootNow = (await t.client.get(`/v1/messages/${root.message_id}`)).body;
    expect(rootNow).toMatchObject({ reply_count: 2, last_reply_at: r2.created_at });
    const all = (await t.client.get(`/v1/rooms/${room}/messages`)).body.data.map((m: any) => m.seq);
    expect(all).toEqual([1, 2, 3, 4]);
    const main = (await t.client.get(`/v1/rooms/${room}/messages?thread=false`)).body.data.map((m: any) => m.seq);
    expect(main).toEqual([root.seq, after.seq]);
    const replies = (await t.client.get(`/v1/messages/${root.message_id}/replies`)).body;
    expect(replies.data.map((m: any) => m.message_id)).toEqual([r1.message_id, r2.message_id]);
    const page = (await bob.call('GET', `/v1/me/messages/${root.message_id}/replies?after=${r1.seq}&limit=1`)).body;
    expect(page).toEqual({ data: [expect.objectContaining({ message_id: r2.message_id })], has_more: false });

    // Deleting a reply, then the root: the thread stays, the deleted messages in it emptied.
    await t.client.delete(`/v1/messages/${r1.message_id}`);
    await t.client.delete(`/v1/messages/${root.message_id}`);
    expect((await t.client.get(`/v1/messages/${root.message_id}`)).body).toMatchObject({
      content: '',
      deleted_at: expect.any(String),
      reply_count: 2,
    });
    const thread = (await t.client.get(`/v1/messages/${root.message_id}/replies`)).body.data;
    expect(thread.map((m: any) => [m.message_id, m.content])).toEqual([
      [r1.message_id, ''],
      [r2.message_id, 'thanks'],
    ]);
  });

  it('parent_id of another room, or of no message, is a 400 naming parent_id', async () => {
    const other = await newRoom(t, ['alice', 'bob']);
    const elsewhere = await send(t, other, 'alice', 'there');
    for (const [parent, rule] of [
      [elsewhere.message_id, 'sameRoom'],
      ['msg_nope', 'exists'],
    ]) {
      const res = await t.client.post('/v1/messages', {
        room_id: roomId,
        sender_id: 'alice',
        content: 'x',
        parent_id: parent,
      });
      expect(res.status).toBe(400);
      expect(res.body.error.details[0]).toMatchObject({ field: 'parent_id', rule });
    }
  });
});

describe('mentions', () => {
  it('are kept on the message and counted as unread mentions until read', async () => {
    const room = await newRoom(t, ['alice', 'bob']);
    const m = await send(t, room, 'alice', '@bob look', { mentions: ['bob', 'bob'] });
    expect(m.mentions).toEqual(['bob']);
    await send(t, room, 'alice', 'no mention');
    const unread = async () => (await bob.call('GET', '/v1/me/unread')).body.data.find((r: any) => r.room_id === room);
    expect(await unread()).toMatchObject({ unread_count: 2, unread_mentions: 1 });
    await bob.call('POST', `/v1/me/rooms/${room}/read`, { seq: m.seq });
    expect(await unread()).toMatchObject({ unread_count: 1, unread_mentions: 0 });
  });

  it('a mention of a non-participant is a 400 naming the id', async () => {
    const res = await alice.call('POST', `/v1/me/rooms/${roomId}/messages`, {
      content: 'hi',
      mentions: ['bob', 'mallory'],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0]).toMatchObject({ field: 'mentions.1', rule: 'participant' });
    expect(res.body.error.message).toContain('mallory');
  });
});

describe('pins', () => {
  it('pin and unpin; the room lists pinned messages newest pin first', async () => {
    const room = await newRoom(t, ['alice', 'bob']);
    const a = await send(t, room, 'alice', 'first');
    const b = await send(t, room, 'alice', 'second');
    expect((await t.client.post(`/v1/messages/${b.message_id}/pin`)).body).toMatchObject({ pinned_by: 'system' });
    const pinned = (await alice.call('POST', `/v1/me/messages/${a.message_id}/pin`)).body;
    expect(pinned).toMatchObject({ pinned_by: 'alice', pinned_at: expect.any(String) });
    const list = (await bob.call('GET', `/v1/me/rooms/${room}/pins`)).body;
    expect(list.data.map((m: any) => m.message_id)).toEqual([a.message_id, b.message_id]);
    await bob.call('DELETE', `/v1/me/messages/${a.message_id}/pin`);
    expect((await t.client.get(`/v1/rooms/${room}/pins`)).body.data.map((m: any) => m.message_id)).toEqual([
      b.message_id,
    ]);
    expect((await t.client.get(`/v1/messages/${a.message_id}`)).body).not.toHaveProperty('pinned_at');
  });
});

describe('retries and concurrency', () => {
  it('a POST retried with the same Idempotency-Key has its effect once and gets the first answer', async () => {
    const m = await send(t, roomId, 'alice', 'retry me');
    const path = `/v1/messages/${m.message_id}/reactions`;
    const first = await t.client.post(path, { user_id: 'bob', type: 'ok' }, { idempotencyKey: 'react-once' });
    await t.client.post(path, { user_id: 'alice', type: 'ok' }); // another change in between
    const again = await t.client.post(path, { user_id: 'bob', type: 'ok' }, { idempotencyKey: 'react-once' });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect((await t.client.get(`/v1/messages/${m.message_id}`)).body.reactions).toEqual({ ok: 2 });
    const reused = await t.client.post(path, { user_id: 'bob', type: 'no' }, { idempotencyKey: 'react-once' });
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('idempotency_key_reused');
  });

  it('two users editing and reacting at once while replies arrive: every call succeeds, each change numbered once', async () => {
    // Fresh users: each call counts against the user's message budget.
    const [carolToken, daveToken] = [await tokenOf(t, 'carol'), await tokenOf(t, 'dave')];
    const [carol, dave] = [asUser(t, carolToken), asUser(t, daveToken)];
    const room = await newRoom(t, ['carol', 'dave']);
    const root = await send(t, room, 'system', 'Thread', { content_type: 'system' });
    const own = { carol: [] as any[], dave: [] as any[] };
    for (let i = 0; i < 3; i++) {
      own.carol.push(await send(t, room, 'carol', `c${i}`));
      own.dave.push(await send(t, room, 'dave', `d${i}`));
    }
    const watcher = await TestSocket.connect(t.url, carolToken);
    const base = watcher.of('ready')[0]!.rooms.find((r: any) => r.room_id === room).last_change_seq;
    const ROUNDS = 3;
    const REPLIES = 4;
    const statuses: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const answers = await Promise.all([
        ...own.carol.map((m) => carol.call('PATCH', `/v1/me/messages/${m.message_id}`, { content: `c edit ${round}` })),
        ...own.dave.map((m) => dave.call('PATCH', `/v1/me/messages/${m.message_id}`, { content: `d edit ${round}` })),
        ...own.dave.map((m) => carol.call('POST', `/v1/me/messages/${m.message_id}/reactions`, { type: `r${round}` })),
        ...own.carol.map((m) => dave.call('POST', `/v1/me/messages/${m.message_id}/reactions`, { type: `r${round}` })),
        // A reply takes the room's next seq and then changes its root: the two orders of locking meet here.
        ...Array.from({ length: REPLIES }, (_, i) =>
          t.client.post('/v1/messages', {
            room_id: room,
            sender_id: i % 2 ? 'carol' : 'dave',
            content: 'reply',
            parent_id: root.message_id,
          }),
        ),
      ]);
      statuses.push(...answers.map((a) => a.status));
    }
    expect(statuses.filter((s) => s >= 300)).toEqual([]);

    const history = (await t.client.get(`/v1/rooms/${room}/messages?limit=100`)).body.data;
    const byId = new Map(history.map((m: any) => [m.message_id, m]));
    const everyRound = Object.fromEntries(Array.from({ length: ROUNDS }, (_, r) => [`r${r}`, 1]));
    for (const m of own.carol)
      expect(byId.get(m.message_id)).toMatchObject({ content: `c edit ${ROUNDS - 1}`, reactions: everyRound });
    for (const m of own.dave)
      expect(byId.get(m.message_id)).toMatchObject({ content: `d edit ${ROUNDS - 1}`, reactions: everyRound });
    expect(byId.get(root.message_id)).toMatchObject({ reply_count: ROUNDS * REPLIES });
    expect(history.map((m: any) => m.seq)).toEqual(history.map((_: any, i: number) => i + 1));

    // Every change (12 a round, and the root's reply count for each reply) has a number of its own.
    const changes = ROUNDS * (12 + REPLIES);
    await watcher.waitFor((f) => f.change_seq === base + changes);
    const numbers = watcher.frames.filter((f) => typeof f.change_seq === 'number').map((f) => f.change_seq);
    expect(numbers).toEqual(Array.from({ length: changes }, (_, i) => base + i + 1));
    watcher.close();
  });

  it('edits, reactions and a delete racing on one message leave it consistent, each change numbered once', async () => {
    const m = await send(t, roomId, 'alice', 'race');
    const results = await Promise.all([
      alice.call('PATCH', `/v1/me/messages/${m.message_id}`, { content: 'edit 1' }),
      bob.call('POST', `/v1/me/messages/${m.message_id}/reactions`, { type: 'x' }),
      alice.call('PATCH', `/v1/me/messages/${m.message_id}`, { content: 'edit 2' }),
      alice.call('POST', `/v1/me/messages/${m.message_id}/reactions`, { type: 'x' }),
      t.client.patch(`/v1/messages/${m.message_id}`, { metadata: { by: 'backend' } }),
    ]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    const now = (await t.client.get(`/v1/messages/${m.message_id}`)).body;
    expect(['edit 1', 'edit 2']).toContain(now.content);
    expect(now).toMatchObject({ metadata: { by: 'backend' }, reactions: { x: 2 } });
    // Deleting while others react: afterwards no reaction is left, whatever the order was.
    await Promise.all([
      alice.call('DELETE', `/v1/me/messages/${m.message_id}`),
      bob.call('POST', `/v1/me/messages/${m.message_id}/reactions`, { type: 'y' }),
    ]);
    expect((await t.client.get(`/v1/messages/${m.message_id}`)).body).not.toHaveProperty('reactions');
  });
});
