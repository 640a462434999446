/**
 * Changes to messages over realtime: edits, deletes, reactions, pins and a root's reply count
 * reach the room's members only, and a client that was away learns of each change on resume,
 * once, in change order, without refetching history.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser, newRoom, send, tokenOf } from '../helpers/message-actors.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { TestSocket } from '../helpers/ws-client.js';

let t: TestServer;
let aliceToken: string;
let bobToken: string;
let carolToken: string;

beforeAll(async () => {
  t = await startTestServer();
  aliceToken = await tokenOf(t, 'alice');
  bobToken = await tokenOf(t, 'bob');
  carolToken = await tokenOf(t, 'carol');
});
afterAll(() => t.close());

const CHANGE_TYPES = [
  'message.updated',
  'message.deleted',
  'reaction.added',
  'reaction.removed',
  'message.pinned',
  'message.unpinned',
];
const changesOf = (s: TestSocket) => s.frames.filter((f) => CHANGE_TYPES.includes(f.type));

describe('live changes', () => {
  it('reach the members of the room, in change order, and nobody else', async () => {
    const room = await newRoom(t, ['alice', 'bob']);
    await newRoom(t, ['carol', 'bob']); // carol follows another room
    const m = await send(t, room, 'alice', 'hello');
    const bob = await TestSocket.connect(t.url, bobToken);
    const carol = await TestSocket.connect(t.url, carolToken);
    const other = await t.newProject('other');
    const outsider = await TestSocket.connect(
      t.url,
      (await other.client.post('/v1/auth/token', { user_id: 'alice' })).body.token,
    );
    const ready = bob.of('ready')[0]!;
    const base = ready.rooms.find((r: any) => r.room_id === room).last_change_seq;

    const alice = asUser(t, aliceToken);
    await alice.call('PATCH', `/v1/me/messages/${m.message_id}`, { content: 'hello!' });
    await alice.call('POST', `/v1/me/messages/${m.message_id}/reactions`, { type: '👍' });
    await alice.call('DELETE', `/v1/me/messages/${m.message_id}/reactions/${encodeURIComponent('👍')}`);
    await alice.call('POST', `/v1/me/messages/${m.message_id}/pin`);
    await alice.call('DELETE', `/v1/me/messages/${m.message_id}/pin`);
    const reply = await send(t, room, 'bob', 'a reply', { parent_id: m.message_id });
    await alice.call('DELETE', `/v1/me/messages/${m.message_id}`);
    await bob.roundTrip();

    const frames = changesOf(bob);
    expect(frames.map((f) => f.type)).toEqual([
      'message.updated',
      'reaction.added',
      'reaction.removed',
      'message.pinned',
      'message.unpinned',
      'message.updated', // the root's reply_count
      'message.deleted',
    ]);
    expect(frames.map((f) => f.change_seq)).toEqual([1, 2, 3, 4, 5, 6, 7].map((n) => base + n));
    expect(frames[0]).toMatchObject({ room_id: room, message: { message_id: m.message_id, content: 'hello!' } });
    expect(frames[1]).toMatchObject({ user_id: 'alice', reaction: '👍', reactions: { '👍': 1 } });
    expect(frames[3]).toMatchObject({ pinned_by: 'alice', message: { pinned_by: 'alice' } });
    expect(frames[5]!.message).toMatchObject({ message_id: m.message_id, reply_count: 1 });
    expect(frames[6]!.message).toMatchObject({ content: '', deleted_at: expect.any(String) });
    const created = bob.of('message.created').map((f) => f.message.message_id);
    expect(created).toContain(reply.message_id);
    expect(created.indexOf(reply.message_id)).toBeLessThan(bob.frames.indexOf(frames[5]!) + 1);

    await carol.roundTrip();
    await outsider.roundTrip();
    expect(changesOf(carol)).toEqual([]);
    expect(changesOf(outsider)).toEqual([]);
    for (const s of [bob, carol, outsider]) s.close();
  });
});

describe('resume of changes', () => {
  it('replays each message changed while away once, in its latest state, in change order', async () => {
    const room = await newRoom(t, ['alice', 'bob']);
    const [a, b, c] = [
      await send(t, room, 'alice', 'a'),
      await send(t, room, 'alice', 'b'),
      await send(t, room, 'bob', 'c'),
    ];
    const first = await TestSocket.connect(t.url, bobToken);
    const position = first.of('ready')[0]!.rooms.find((r: any) => r.room_id === room);
    first.close();
    await first.closed;

    const alice = asUser(t, aliceToken);
    await alice.call('PATCH', `/v1/me/messages/${a.message_id}`, { content: 'a1' });
    await alice.call('POST', `/v1/me/messages/${c.message_id}/reactions`, { type: 'ok' });
    await alice.call('PATCH', `/v1/me/messages/${a.message_id}`, { content: 'a2' });
    await alice.call('DELETE', `/v1/me/messages/${b.message_id}`);
    const d = await send(t, room, 'alice', 'd');
    await alice.call('PATCH', `/v1/me/messages/${d.message_id}`, { content: 'd edited' });

    const again = await TestSocket.connect(t.url, bobToken, { [room]: position.last_seq });
    again.close();
    // Without `changes` (an older client) nothing is replayed; with it, the changes are.
    expect(changesOf(again)).toEqual([]);
    const resumed = await TestSocket.open(t.url, {
      token: bobToken,
      resume: { [room]: position.last_seq },
      changes: { [room]: position.last_change_seq },
    });
    await resumed.waitForCount('message.created', 1);
    await resumed.roundTrip();
    const frames = changesOf(resumed);
    expect(frames.map((f) => [f.type, f.message.message_id])).toEqual([
      ['message.updated', c.message_id],
      ['message.updated', a.message_id],
      ['message.deleted', b.message_id],
    ]);
    expect(frames[0]!.message).toMatchObject({ reactions: { ok: 1 }, own_reactions: [] });
    expect(frames[1]!.message.content).toBe('a2');
    // The new message comes in its latest state, and no change for it is sent on top.
    expect(resumed.of('message.created').map((f) => f.message.content)).toEqual(['d edited']);
    const seqs = frames.map((f) => f.change_seq);
    expect([...seqs].sort((x, y) => x - y)).toEqual(seqs);
    // d's edit came folded into its message.created: that frame says the change number it holds,
    // so a client resuming from the highest number it saw is replayed nothing again.
    const created = resumed.of('message.created')[0]!;
    expect(created.change_seq).toBeGreaterThan(Math.max(...seqs));
    const seen = Math.max(...resumed.frames.map((f) => f.change_seq ?? 0));
    resumed.close();
    const once = await TestSocket.open(t.url, {
      token: bobToken,
      resume: { [room]: created.message.seq },
      changes: { [room]: seen },
    });
    await once.waitFor((f) => f.type === 'ready');
    await once.roundTrip();
    expect(changesOf(once)).toEqual([]);
    once.close();
  });
});

describe('the auth frame', () => {
  it('refuses `changes` that is not a map of room ids to change numbers (4009, naming it)', async () => {
    for (const changes of [[1], { r: -1 }, { r: 'x' }, 'all']) {
      const s = await TestSocket.open(t.url, { token: bobToken, resume: {}, changes });
      const closed = await s.closed;
      expect(closed.code).toBe(4009);
      expect(closed.reason).toContain('changes');
    }
  });
});
