/**
 * The server's heartbeat (docs/realtime.md, "Liveness and limits"): it pings every
 * LIMITS.heartbeatMs and drops a peer that did not answer the previous ping, which its room
 * peers then see go offline. Shortened here; the default is 25 s.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LIMITS } from '../../src/realtime/protocol.js';
import { startTestServer, uniqueUser, type TestServer } from '../helpers/test-server.js';
import { TestSocket } from '../helpers/ws-client.js';

const HEARTBEAT_MS = 400;

let t: TestServer;
const saved = LIMITS.heartbeatMs;
beforeAll(async () => {
  // Read when the gateway starts: this file's server gets the short heartbeat, others the default.
  LIMITS.heartbeatMs = HEARTBEAT_MS;
  t = await startTestServer();
  LIMITS.heartbeatMs = saved;
});
afterAll(() => t.close());

const token = async (userId: string) =>
  (await t.client.post('/v1/auth/token', { user_id: userId })).body.token as string;

it('drops a peer that stops answering pings, and keeps one that answers', async () => {
  const [silent, healthy] = [uniqueUser('silent'), uniqueUser('healthy')];
  await t.client.post('/v1/rooms', { type: 'group', participants: [silent, healthy] });
  const ok = await TestSocket.connect(t.url, await token(healthy));
  const mute = await TestSocket.connect(t.url, await token(silent), undefined, { autoPong: false });
  await ok.waitFor((f) => f.type === 'presence' && f.user_id === silent && f.state === 'online');
  const connections = t.server.app.realtime.stats.connections();

  const closed = await mute.closed;
  // Terminated (no closing handshake): the client sees an abnormal closure, at the heartbeat
  // after the first ping it left unanswered (a second, when the first heartbeat came between
  // the socket opening and its auth frame, which counts as hearing from it), not later.
  expect(closed.code).toBe(1006);
  expect(mute.pings).toBeGreaterThanOrEqual(1);
  expect(mute.pings).toBeLessThanOrEqual(2);
  expect(await ok.waitFor((f) => f.type === 'presence' && f.user_id === silent && f.state === 'offline')).toBeTruthy();
  await expect.poll(() => t.server.app.realtime.stats.connections()).toBe(connections - 1);

  // Many heartbeats later, the peer that answers is still there (and still gets its events).
  const pinged = ok.pings;
  await expect.poll(() => ok.pings, { timeout: HEARTBEAT_MS * 20 }).toBeGreaterThanOrEqual(pinged + 4);
  expect(ok.ws.readyState).toBe(ok.ws.OPEN);
  ok.send({ type: 'ping', id: 'still-here' });
  expect(await ok.waitFor((f) => f.type === 'pong')).toMatchObject({ id: 'still-here' });
  ok.close();
});
