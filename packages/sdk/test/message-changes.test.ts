/**
 * Message features through the client SDK against a real server: edit, delete, reactions,
 * threads, mentions, pins and search, the change events other members receive, changes made
 * while offline applied once from the outbox, and a view built from events that stays the
 * server's across a reconnect (the changes missed are replayed once).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OiChatClient, type Message, type OiChatEvents } from '../src/index.js';
import { record, until } from './helpers/events.js';
import { startProxy, type NetworkProxy } from './helpers/proxy.js';
import { startTestServer, uniqueUser, type TestServer } from './helpers/server.js';

let t: TestServer;
let net: NetworkProxy;
const clients: OiChatClient[] = [];

beforeAll(async () => {
  t = await startTestServer();
  net = await startProxy(t.url);
});
afterEach(() => {
  for (const c of clients.splice(0)) c.disconnect();
  net.offline = false;
});
afterAll(async () => {
  await net.close();
  await t.close();
});

async function clientFor(userId: string, through: 'direct' | 'proxy' = 'direct'): Promise<OiChatClient> {
  const client = new OiChatClient({
    baseUrl: through === 'proxy' ? net.url : t.url,
    token: await t.token(userId),
    reconnect: { baseMs: 20, capMs: 200 },
    requestTimeoutMs: 2000,
  });
  clients.push(client);
  return client;
}

/** A user's view of a room's messages, kept from events alone, as a UI would. */
function viewOf(client: OiChatClient): Map<string, Message> {
  const view = new Map<string, Message>();
  client.on('message.created', (e) => view.set(e.message.message_id, e.message));
  const changed = (e: OiChatEvents['message.updated']) => view.set(e.message.message_id, e.message);
  for (const type of [
    'message.updated',
    'message.deleted',
    'reaction.added',
    'reaction.removed',
    'message.pinned',
    'message.unpinned',
  ] as const)
    client.on(type, changed);
  return view;
}

const withoutOwn = ({ own_reactions: _, ...m }: Message) => m;

describe('message features', () => {
  it('edit, react, reply, mention, pin, search and delete; members get typed change events', async () => {
    const alice = uniqueUser('alice');
    const bob = uniqueUser('bob');
    const room = await t.room([alice, bob]);
    const a = await clientFor(alice);
    const b = await clientFor(bob);
    await b.connect();
    const updated = record(b, 'message.updated');
    const added = record(b, 'reaction.added');
    const pinned = record(b, 'message.pinned');
    const deleted = record(b, 'message.deleted');

    const m = await a.messages.send(room.room_id, { content: 'Shipping to Seoul', mentions: [bob] });
    expect(m.mentions).toEqual([bob]);
    expect((await b.rooms.unread()).data.find((r) => r.room_id === room.room_id)).toMatchObject({ unread_mentions: 1 });
    const edited = await a.messages.edit(m.message_id, { content: 'Shipping to 서울특별시' });
    expect(edited).toMatchObject({ content: 'Shipping to 서울특별시', edited_at: expect.any(String) });
    const reacted = await b.messages.react(m.message_id, '🎉');
    expect(reacted).toMatchObject({ reactions: { '🎉': 1 }, own_reactions: ['🎉'] });
    const reply = await b.messages.send(room.room_id, { content: 'ok', parent_id: m.message_id });
    expect((await a.messages.replies(m.message_id)).data.map((r) => r.message_id)).toEqual([reply.message_id]);
    expect((await a.messages.list(room.room_id, { thread: false })).data.map((x) => x.seq)).toEqual([m.seq]);
    await a.messages.pin(m.message_id);
    expect((await b.rooms.pins(room.room_id)).data.map((x) => x.message_id)).toEqual([m.message_id]);
    expect((await b.messages.search({ query: '특별' })).data.map((x) => x.message_id)).toEqual([m.message_id]);
    await expect(b.messages.edit(m.message_id, { content: 'mine now' })).rejects.toMatchObject({
      status: 403,
      code: 'not_message_sender',
    });
    await a.messages.unpin(m.message_id);
    expect((await b.messages.unreact(m.message_id, '🎉')).reactions).toBeUndefined();
    await a.messages.delete(m.message_id);

    await until(() => deleted.length === 1, 'message.deleted');
    expect(updated[0]).toMatchObject({ room_id: room.room_id, message: { content: 'Shipping to 서울특별시' } });
    expect(updated[1]!.message).toMatchObject({ message_id: m.message_id, reply_count: 1 });
    expect(added[0]).toMatchObject({ user_id: bob, reaction: '🎉', reactions: { '🎉': 1 } });
    expect(pinned[0]).toMatchObject({ pinned_by: alice });
    expect(deleted[0]!.message).toMatchObject({ content: '', deleted_at: expect.any(String) });
    expect((await b.messages.search({ query: '특별' })).data).toEqual([]);
  });
});

describe('across reconnects', () => {
  it('replays the changes missed while offline once, and the view built from events is the server’s', async () => {
    const alice = uniqueUser('alice');
    const bob = uniqueUser('bob');
    const room = await t.room([alice, bob]);
    const a = await clientFor(alice);
    const b = await clientFor(bob, 'proxy');
    const view = viewOf(b);
    const changes = record(b, 'message.updated');
    await b.connect();
    const m1 = await a.messages.send(room.room_id, { content: 'one' });
    const m2 = await a.messages.send(room.room_id, { content: 'two' });
    await a.messages.react(m1.message_id, 'ok');
    await until(() => view.get(m1.message_id)?.reactions?.ok === 1, 'the first reaction');

    net.offline = true;
    net.drop();
    await until(() => b.state === 'reconnecting', 'reconnecting');
    await a.messages.edit(m1.message_id, { content: 'one, edited' });
    await a.messages.edit(m1.message_id, { content: 'one, edited twice' });
    await a.messages.react(m2.message_id, '👍');
    await a.messages.delete(m2.message_id);
    const m3 = await a.messages.send(room.room_id, { content: 'three' });
    await a.messages.edit(m3.message_id, { content: 'three, edited' }); // comes with the message itself
    const before = changes.length;
    net.offline = false;

    const server = await t.history(room.room_id);
    await until(
      () =>
        server.every(
          (m) => JSON.stringify(withoutOwn(view.get(m.message_id) ?? ({} as Message))) === JSON.stringify(m),
        ),
      'the view to match the server',
    );
    expect([...view.values()].map(withoutOwn)).toEqual(server);
    // m1 changed twice while away: replayed once, in its latest state.
    expect(changes.slice(before).filter((e) => e.message.message_id === m1.message_id)).toHaveLength(1);
    expect(changes.slice(before).filter((e) => e.message.message_id === m3.message_id)).toHaveLength(0);
    expect(b.changeState()[room.room_id]).toBeGreaterThan(0);

    // Away again while nothing changes: no change comes a second time (m3's edit, which came
    // folded into its message, included).
    const seen = { ...b.changeState() };
    const replayed: unknown[] = [];
    for (const type of ['message.updated', 'message.deleted', 'reaction.added', 'reaction.removed'] as const)
      b.on(type, (e) => replayed.push(e));
    net.offline = true;
    net.drop();
    await until(() => b.state === 'reconnecting', 'reconnecting');
    net.offline = false;
    await until(() => b.state === 'connected', 'connected again');
    const marker = await a.messages.send(room.room_id, { content: 'marker' });
    await until(() => view.has(marker.message_id), 'the marker');
    expect(replayed).toEqual([]);
    expect(b.changeState()).toEqual(seen);
  });

  it('replays the changes of a room joined during the session, which had no change number yet', async () => {
    const alice = uniqueUser('alice');
    const bob = uniqueUser('bob');
    const a = await clientFor(alice);
    const b = await clientFor(bob, 'proxy');
    const view = viewOf(b);
    await b.connect();
    const room = await t.room([alice, bob]); // joined now: room.created, no change number known
    const m = await a.messages.send(room.room_id, { content: 'before' });
    await until(() => view.has(m.message_id), 'the message');

    net.offline = true;
    net.drop();
    await until(() => b.state === 'reconnecting', 'reconnecting');
    await a.messages.edit(m.message_id, { content: 'after' });
    net.offline = false;
    await until(() => view.get(m.message_id)?.content === 'after', 'the edit made while away');
    expect(b.changeState()[room.room_id]).toBe(1);
  });

  it('retries an edit, a reaction and a delete whose answers were lost, and each is applied once', async () => {
    const alice = uniqueUser('alice');
    const bob = uniqueUser('bob');
    const room = await t.room([alice, bob]);
    const tried: string[] = [];
    // The network loses the first answer of each change: the server applied it, the client never heard.
    const lossy: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      const call = `${init?.method} ${new URL(String(input)).pathname}`;
      if (!call.startsWith('GET') && call.includes('/v1/me/messages/')) {
        tried.push(call);
        if (tried.filter((c) => c === call).length === 1) {
          await response.arrayBuffer();
          throw new TypeError('fetch failed: socket hang up');
        }
      }
      return response;
    };
    const a = new OiChatClient({
      baseUrl: t.url,
      token: await t.token(alice),
      reconnect: { baseMs: 20, capMs: 200 },
      fetch: lossy,
    });
    clients.push(a);
    const b = await clientFor(bob);
    await b.connect();
    const updated = record(b, 'message.updated');
    const added = record(b, 'reaction.added');
    const deleted = record(b, 'message.deleted');

    const m = await a.messages.send(room.room_id, { content: 'draft' });
    const [edited, reacted] = await Promise.all([
      a.messages.edit(m.message_id, { content: 'final' }),
      a.messages.react(m.message_id, '✅'),
    ]);
    expect(edited.content).toBe('final');
    expect(reacted).toMatchObject({ reactions: { '✅': 1 }, own_reactions: ['✅'] });
    expect((await a.messages.delete(m.message_id)).deleted_at).toEqual(expect.any(String));
    expect(tried.length).toBe(6); // each change tried twice

    // Changes reach bob in change order: once the delete is there, any repeat before it would be too.
    await until(() => deleted.length === 1, 'message.deleted');
    expect(updated.filter((e) => e.message.message_id === m.message_id)).toHaveLength(1);
    expect(added).toHaveLength(1);
  });

  it('queues edits and reactions made while offline and applies each once after reconnecting', async () => {
    const alice = uniqueUser('alice');
    const room = await t.room([alice, uniqueUser('bob')]);
    const a = await clientFor(alice, 'proxy');
    await a.connect();
    const m = await a.messages.send(room.room_id, { content: 'draft' });

    net.offline = true;
    net.drop();
    await until(() => a.state === 'reconnecting', 'reconnecting');
    const calls = [
      a.messages.edit(m.message_id, { content: 'final' }),
      a.messages.react(m.message_id, '✅'),
      a.messages.react(m.message_id, '✅'),
      a.messages.pin(m.message_id),
    ];
    expect(a.messages.pending()).toBe(4);
    expect((await t.history(room.room_id))[0]).toMatchObject({ content: 'draft' });

    net.offline = false;
    const [edited, , twice, pinned] = await Promise.all(calls);
    expect(edited!.content).toBe('final');
    expect(twice!.reactions).toEqual({ '✅': 1 });
    expect(pinned!.pinned_by).toBe(alice);
    expect((await t.history(room.room_id))[0]).toMatchObject({ content: 'final', reactions: { '✅': 1 } });
    expect(a.messages.pending()).toBe(0);
  });
});
