/**
 * The realtime limits docs/realtime.md promises, at their documented defaults: 10 s to send the
 * auth frame (on a clock the test moves, not by waiting), client frames of at most 64 KiB, and a
 * send buffer of at most 1 MiB per connection, past which the server disconnects the reader
 * (4008) instead of holding more for it.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Connection } from '../../src/realtime/connection.js';
import { ManualClock } from '../helpers/clock.js';
import { startTestServer, uniqueUser, type TestServer } from '../helpers/test-server.js';
import { TestSocket } from '../helpers/ws-client.js';

const clock = new ManualClock();
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ clock });
});
afterAll(() => t.close());

const token = async (userId: string, channels: string[] = []) =>
  (await t.client.post('/v1/auth/token', { user_id: userId, channels })).body.token as string;

/** Which comes first on the socket: its close, or the answer to a WebSocket ping sent now. */
function closeOrPong(s: TestSocket): Promise<'closed' | 'pong'> {
  return new Promise((resolve) => {
    s.ws.once('pong', () => resolve('pong'));
    void s.closed.then(() => resolve('closed'));
    s.ws.ping();
  });
}

describe('the auth frame', () => {
  it('may come up to 10 s after the socket opens; at 10 s without it the server closes 4001', async () => {
    const before = t.server.app.realtime.stats.connections();
    const s = await TestSocket.open(t.url);
    await expect.poll(() => t.server.app.realtime.stats.connections()).toBe(before + 1);

    expect(clock.advance(9_999)).toBe(0);
    expect(await closeOrPong(s)).toBe('pong');
    clock.advance(1);
    expect(await s.closed).toEqual({ code: 4001, reason: 'unauthorized: no auth frame' });
  });

  it('stops the 10 s clock once it has come: an authenticated socket stays open past it', async () => {
    const s = await TestSocket.connect(t.url, await token(uniqueUser()));
    clock.advance(10_000);
    expect(await closeOrPong(s)).toBe('pong');
    s.close();
  });
});

describe('client frames', () => {
  /** A ping frame of exactly `bytes` bytes, padded in its id. */
  const pingOf = (bytes: number) => {
    const shell = JSON.stringify({ type: 'ping', id: '' });
    return JSON.stringify({ type: 'ping', id: 'x'.repeat(bytes - shell.length) });
  };

  it('takes a frame of 64 KiB and closes 1009 for one byte more', async () => {
    const s = await TestSocket.connect(t.url, await token(uniqueUser()));
    const largest = pingOf(64 * 1024);
    expect(Buffer.byteLength(largest)).toBe(65_536);
    s.ws.send(largest);
    expect((await s.waitFor((f) => f.type === 'pong')).id).toBe(JSON.parse(largest).id);

    s.ws.send(pingOf(64 * 1024 + 1));
    expect((await s.closed).code).toBe(1009);
  });
});

describe('the send buffer', () => {
  it('holds at most 1 MiB (and the frame that crossed it) for a reader that stopped, then closes it 4008', async () => {
    const u = uniqueUser();
    const s = await TestSocket.connect(t.url, await token(u, ['firehose']));
    const before = t.server.app.realtime.stats.slowConsumersDisconnected;
    // What the server queues for this peer, seen after every frame it sends.
    let mostBuffered = 0;
    const send = Connection.prototype.send;
    const watch = vi.spyOn(Connection.prototype, 'send').mockImplementation(function (this: Connection, frame) {
      send.call(this, frame);
      if (this.user?.userId === u) mostBuffered = Math.max(mostBuffered, this.bufferedAmount);
    });
    (s.ws as any)._socket.pause();
    const data = { blob: 'x'.repeat(7_000) };
    const frameBytes = JSON.stringify({ type: 'channel.event', channel: 'firehose', event: 'e', data }).length + 100;
    try {
      const stats = t.server.app.realtime.stats;
      // Far more than the kernel's buffers and the server's 1 MiB together; the loop ends at the disconnect.
      for (let i = 0; i < 20_000 && stats.slowConsumersDisconnected === before; i++) {
        t.server.services.events.publish({
          kind: 'channel',
          projectId: t.credentials.project_id,
          channel: 'firehose',
          event: 'e',
          data,
        });
        if (i % 50 === 0) await new Promise((r) => setImmediate(r));
      }
    } finally {
      watch.mockRestore();
      (s.ws as any)._socket.resume();
    }
    expect([4008, 1006]).toContain((await s.closed).code);
    await expect.poll(() => t.server.app.realtime.stats.slowConsumersDisconnected).toBe(before + 1);
    expect(mostBuffered).toBeGreaterThan(1024 * 1024 - frameBytes);
    expect(mostBuffered).toBeLessThanOrEqual(1024 * 1024 + frameBytes);
  });
});
