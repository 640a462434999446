/**
 * The chat store and a room's timeline against a real server, with real clients: opening on the
 * first unread message, older and newer pages that join without a hole or a repeat, live messages
 * during a page read, my sends from pending to stored, and a reconnect that replays each missed
 * message once.
 */
import type { OiChatClient } from '@oichat/sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ChatStore } from '../../src/core/chat-store.js';
import type { TimelineState } from '../../src/core/timeline.js';
import { startTestServer, uniqueUser, type TestServer } from '../helpers/server.js';

let t: TestServer;
const clients: OiChatClient[] = [];
const stores: ChatStore[] = [];
beforeAll(async () => {
  t = await startTestServer();
});
afterEach(() => {
  for (const s of stores.splice(0)) s.stop();
  for (const c of clients.splice(0)) c.disconnect();
});
afterAll(async () => {
  await t?.close();
});

async function storeFor(userId: string, over?: Awaited<ReturnType<TestServer['clientOverNetwork']>>) {
  const client = over?.client ?? t.client(userId);
  clients.push(client);
  const store = new ChatStore(client);
  stores.push(store);
  store.start();
  await client.connect();
  return { client, store };
}

/** Resolves when the observable's value passes the check. */
function until<T>(obs: { get(): T; subscribe(l: () => void): () => void }, check: (v: T) => boolean): Promise<T> {
  return new Promise((resolve) => {
    if (check(obs.get())) return resolve(obs.get());
    const off = obs.subscribe(() => {
      if (check(obs.get())) {
        off();
        resolve(obs.get());
      }
    });
  });
}
const seqs = (s: TimelineState) => s.items.filter((i) => i.state === 'sent').map((i) => i.message.seq);
const contiguous = (xs: number[]) => xs.every((x, i) => i === 0 || x === xs[i - 1]! + 1);

describe('room timeline', () => {
  it('opens around the first unread message, then pages older and newer messages in without holes or repeats', async () => {
    const me = uniqueUser('me');
    const room = await t.room([me, 'other']);
    for (let i = 1; i <= 300; i++) await t.send(room, `m${i}`, 'other');
    await t.markRead(room, me, 200);
    const { store } = await storeFor(me);
    const tl = store.timeline(room);
    await tl.open();
    let s = tl.state.get();
    expect(s.firstUnreadSeq).toBe(201);
    expect(seqs(s)[0]).toBe(181);
    expect(seqs(s).at(-1)).toBe(250);
    expect(s.hasOlder && s.hasNewer).toBe(true);

    await tl.loadOlder();
    await tl.loadNewer();
    await tl.loadNewer();
    s = tl.state.get();
    expect(seqs(s)[0]).toBe(81);
    expect(seqs(s).at(-1)).toBe(300);
    expect(contiguous(seqs(s))).toBe(true);
    expect(s.hasNewer).toBe(false);
    await tl.loadOlder();
    s = tl.state.get();
    expect(seqs(s)[0]).toBe(1);
    expect(s.hasOlder).toBe(false);
  });

  it('keeps live messages that arrive while a page is read, and my sends go from sending to one stored message', async () => {
    const me = uniqueUser('me');
    const other = uniqueUser('other');
    const room = await t.room([me, other]);
    await t.send(room, 'first', other);
    const { store } = await storeFor(me);
    const tl = store.timeline(room);
    const opening = tl.open();
    await t.send(room, 'during the read', other);
    await opening;
    await until(tl.state, (s) => s.items.some((i) => i.message.content === 'during the read'));

    const key = tl.send('mine');
    expect(tl.state.get().items.at(-1)).toMatchObject({ key, state: 'sending' });
    const s = await until(
      tl.state,
      (v) => v.items.at(-1)?.state === 'sent' && v.items.at(-1)?.message.content === 'mine',
    );
    expect(s.items.at(-1)!.key).toBe(key);
    expect(s.items.filter((i) => i.message.content === 'mine')).toHaveLength(1);
    expect(contiguous(seqs(s))).toBe(true);
    // I read my own message: nothing of the room is unread for me.
    await until(store.unread, (u) => u.get(room)?.unread_count === 0);
  });

  it('after a dropped connection, shows every message sent meanwhile once, in order', async () => {
    const me = uniqueUser('me');
    const other = uniqueUser('other');
    const room = await t.room([me, other]);
    await t.send(room, 'before', other);
    const over = await t.clientOverNetwork(me);
    const { store } = await storeFor(me, over);
    const tl = store.timeline(room);
    await tl.open();
    over.network.drop(300);
    for (let i = 1; i <= 5; i++) await t.send(room, `meanwhile ${i}`, other);
    const s = await until(tl.state, (v) => v.items.some((i) => i.message.content === 'meanwhile 5'));
    const contents = s.items.map((i) => i.message.content);
    expect(contents).toEqual(['before', 'meanwhile 1', 'meanwhile 2', 'meanwhile 3', 'meanwhile 4', 'meanwhile 5']);
    expect(contiguous(seqs(s))).toBe(true);
  });

  it('counts unread messages live, and read receipts of the others', async () => {
    const me = uniqueUser('me');
    const other = uniqueUser('other');
    const room = await t.room([me, other]);
    const { store } = await storeFor(me);
    await until(store.rooms, (r) => r.status === 'ready');
    const m = await t.send(room, 'hello', other);
    await until(store.unread, (u) => u.get(room)?.unread_count === 1);
    await t.markRead(room, other, m.seq);
    await until(store.receipts, (r) => r.get(room)?.get(other) === m.seq);
    await store.markRead(room, m.seq);
    expect(store.unread.get().get(room)?.unread_count).toBe(0);
  });
});
