/**
 * The README's code blocks that say they run: executed as written, against a real server, with
 * what they expect around them (a connected client, the user's rooms, the app's `replace`).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { OiChatClient, type Message } from '../src/index.js';
import { until } from './helpers/events.js';
import { startTestServer, uniqueUser, type TestServer } from './helpers/server.js';

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The first ```js block after the heading. */
function blockAfter(heading: string): string {
  const at = README.indexOf(`\n${heading}\n`);
  if (at < 0) throw new Error(`README has no heading ${heading}`);
  const match = /```js\n([\s\S]*?)```/.exec(README.slice(at));
  if (!match) throw new Error(`no js block after ${heading}`);
  return match[1]!;
}

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

it('### Message features runs as written and does what its comments say', async () => {
  const alice = uniqueUser('alice');
  const room = await t.room([alice, 'bob']);
  const client = new OiChatClient({ baseUrl: t.url, token: await t.token(alice) });
  const bob = new OiChatClient({ baseUrl: t.url, token: await t.token('bob') });
  await bob.connect();
  const bobSaw: string[] = [];
  bob.on('message.deleted', (e) => bobSaw.push(e.message.message_id));
  const rooms = (await client.rooms.list()).data;
  const replaced: Message[] = [];
  const replace = (m: Message) => replaced.push(m);

  const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor;
  const run = new AsyncFunction(
    'client',
    'rooms',
    'replace',
    `${blockAfter('### Message features')}\nreturn { sent, reply, thread, timeline, pinned, hits };`,
  );
  try {
    await client.connect();
    const { sent, reply, thread, timeline, pinned, hits } = await run(client, rooms, replace);
    expect(rooms.map((r) => r.room_id)).toEqual([room.room_id]);
    const now = await client.messages.get(sent.message_id);
    expect(now).toMatchObject({
      content: 'Shipping to 서울',
      mentions: ['bob'],
      reactions: { '🎉': 1 },
      own_reactions: ['🎉'],
      reply_count: 1,
      pinned_by: alice,
    });
    expect(thread.map((m: Message) => m.message_id)).toEqual([reply.message_id]);
    expect(timeline.map((m: Message) => m.message_id)).toEqual([sent.message_id]);
    expect(pinned.map((m: Message) => m.message_id)).toEqual([sent.message_id]);
    expect(hits.map((m: Message) => m.message_id)).toEqual([sent.message_id]);
    expect(await client.messages.get(reply.message_id)).toMatchObject({ content: '', deleted_at: expect.any(String) });
    await until(() => bobSaw.includes(reply.message_id), 'bob sees the delete');
    // The events the example listens to arrive too (the delete is the last change).
    await until(
      () => replaced.some((m) => m.message_id === reply.message_id && m.deleted_at),
      'the delete as an event',
    );
  } finally {
    client.disconnect();
    bob.disconnect();
  }
});
