/**
 * Runtimes without a global WebSocket (Node < 22) pass one in: here the `ws` package, through
 * a full round trip (connect, receive, typing, a drop and resume).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { WebSocket as WsWebSocket } from 'ws';
import { OiChatClient } from '../src/index.js';
import { nextEvent, record, until } from './helpers/events.js';
import { startProxy, type NetworkProxy } from './helpers/proxy.js';
import { startTestServer, uniqueUser, type TestServer } from './helpers/server.js';

let t: TestServer;
let net: NetworkProxy;
beforeAll(async () => {
  t = await startTestServer();
  net = await startProxy(t.url);
});
afterAll(async () => {
  await net.close();
  await t.close();
});

it('works with the ws package passed as the WebSocket option', async () => {
  const alice = uniqueUser('alice');
  const bob = uniqueUser('bob');
  const room = await t.room([alice, bob]);
  let constructed = 0;
  class CountingWs extends WsWebSocket {
    constructor(url: string) {
      super(url);
      constructed++;
    }
  }
  const client = new OiChatClient({
    baseUrl: net.url,
    token: await t.token(alice),
    WebSocket: CountingWs,
    reconnect: { baseMs: 10, capMs: 50 },
  });
  const other = new OiChatClient({ baseUrl: t.url, token: await t.token(bob) });
  try {
    await Promise.all([client.connect(), other.connect()]);
    const got = record(client, 'message.created');
    await t.send(room.room_id, 'one');
    await until(() => got.length === 1, 'one');

    const typing = nextEvent(other, 'typing');
    client.typing.start(room.room_id);
    expect(await typing).toMatchObject({ user_id: alice, state: 'start' });

    const resumed = nextEvent(client, 'ready', (r) => r.resumed);
    net.drop();
    await t.send(room.room_id, 'two');
    await resumed;
    await until(() => got.length === 2, 'two');
    expect(got.map((e) => e.message.content)).toEqual(['one', 'two']);
    expect(constructed).toBe(2);
  } finally {
    client.disconnect();
    other.disconnect();
  }
});
