/**
 * The server's per-user socket cap (20 by default) seen from the client: when a user opens one
 * more, the server closes their oldest with 4010, and that client stops instead of reconnecting
 * (which would only close the next oldest, round and round) until the app calls connect() again.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OiChatClient } from '../src/index.js';
import { nextEvent } from './helpers/events.js';
import { startTestServer, uniqueUser, type TestServer } from './helpers/server.js';

const PER_USER = 20;

let t: TestServer;
const clients: OiChatClient[] = [];
beforeAll(async () => {
  t = await startTestServer();
});
afterEach(() => {
  for (const c of clients.splice(0)) c.disconnect();
});
afterAll(() => t.close());

describe('the per-user socket cap', () => {
  it('4010 stops the oldest client for good with too_many_connections; the newer ones stay connected', async () => {
    const alice = uniqueUser('alice');
    const token = await t.token(alice);
    const open = async () => {
      const c = new OiChatClient({ baseUrl: t.url, token, reconnect: { baseMs: 20, capMs: 100 } });
      clients.push(c);
      await c.connect();
      return c;
    };
    const oldest = await open();
    for (let i = 1; i < PER_USER; i++) await open();
    const stopped = nextEvent(oldest, 'connection.state', (s) => s.state === 'disconnected');
    const error = nextEvent(oldest, 'error', () => true);
    await open();
    expect(await stopped).toMatchObject({ code: 4010 });
    expect(await error).toMatchObject({ code: 'too_many_connections', closeCode: 4010 });
    // Stopped, not reconnecting: a retry would have shown as the state 'reconnecting' instead.
    expect(oldest.state).toBe('disconnected');
    expect(clients.slice(1).every((c) => c.state === 'connected')).toBe(true);
  });
});
