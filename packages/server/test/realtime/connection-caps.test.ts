/**
 * The socket caps (docs/realtime.md, "Connection limits"): a user opening socket after socket
 * keeps their newest ones and the oldest are closed 4010; one address cannot hold more
 * unauthenticated sockets than its cap (the next upgrade is refused 429 before any WebSocket
 * handshake), and the node holds no more sockets than its total cap (503).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startTestServer, uniqueUser, type TestServer } from '../helpers/test-server.js';
import { TestSocket } from '../helpers/ws-client.js';

const PER_USER = 3;
const PER_IP = 5;
const TOTAL = 12;

let t: TestServer;
const sockets: TestSocket[] = [];
beforeAll(async () => {
  t = await startTestServer({
    env: {
      OICHAT_WS_MAX_PER_USER: String(PER_USER),
      OICHAT_WS_MAX_UNAUTHENTICATED_PER_IP: String(PER_IP),
      OICHAT_WS_MAX_CONNECTIONS: String(TOTAL),
    },
  });
});
afterAll(() => t?.close());
afterEach(async () => {
  const open = sockets.splice(0);
  for (const s of open) s.ws.terminate();
  // The next test starts from an empty gateway.
  while (t.server.app.realtime.stats.connections() > 0) await new Promise((r) => setTimeout(r, 10));
});

const token = async (userId: string) =>
  (await t.client.post('/v1/auth/token', { user_id: userId })).body.token as string;
const track = (s: TestSocket) => {
  sockets.push(s);
  return s;
};

/** An upgrade the server refuses before the handshake: its HTTP status, headers and body. */
function refusedUpgrade(): Promise<{ status: number; retryAfter: string | undefined; body: any }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(t.url.replace('http', 'ws') + '/v1/realtime');
    ws.on('open', () => reject(new Error('the upgrade was accepted')));
    ws.on('error', () => {});
    ws.on('unexpected-response', (_req, res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () =>
        resolve({ status: res.statusCode!, retryAfter: res.headers['retry-after'] as string, body: JSON.parse(text) }),
      );
    });
  });
}

async function roundTrip(s: TestSocket, id: string): Promise<void> {
  s.send({ type: 'ping', id });
  await s.waitFor((f) => f.type === 'pong' && f.id === id);
}

describe('per-user cap', () => {
  it("keeps a user's newest sockets and closes the oldest 4010 too_many_connections", async () => {
    const user = uniqueUser();
    const jwt = await token(user);
    const mine: TestSocket[] = [];
    for (let i = 0; i < PER_USER + 2; i++) mine.push(track(await TestSocket.connect(t.url, jwt)));
    for (const old of mine.slice(0, 2)) {
      const closed = await old.closed;
      expect(closed.code).toBe(4010);
      expect(closed.reason).toBe(`too_many_connections: more than ${PER_USER} for this user`);
    }
    for (const [i, s] of mine.slice(2).entries()) await roundTrip(s, `kept-${i}`);
    expect(t.server.app.realtime.stats.evicted).toBeGreaterThanOrEqual(2);

    // Another user of the project is not affected.
    const other = track(await TestSocket.connect(t.url, await token(uniqueUser())));
    await roundTrip(other, 'other');
    for (const s of mine.slice(2)) expect(s.ws.readyState).toBe(WebSocket.OPEN);
  });
});

describe('unauthenticated sockets per address', () => {
  it('refuses the upgrade past the cap with 429 and Retry-After, and frees a place when one authenticates or leaves', async () => {
    const pending: TestSocket[] = [];
    for (let i = 0; i < PER_IP; i++) pending.push(track(await TestSocket.open(t.url)));
    const refused = await refusedUpgrade();
    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(refused.body.error).toMatchObject({ code: 'too_many_connections', request_id: expect.any(String) });

    // One authenticates: it no longer counts against the address, and another may come.
    pending[0]!.send({ type: 'auth', token: await token(uniqueUser()) });
    await pending[0]!.waitFor((f) => f.type === 'ready');
    track(await TestSocket.open(t.url));
    expect((await refusedUpgrade()).status).toBe(429);

    // One leaves: its place is free again.
    pending[1]!.ws.close();
    await pending[1]!.closed;
    while (t.server.app.realtime.stats.connections() > PER_IP) await new Promise((r) => setTimeout(r, 10));
    track(await TestSocket.open(t.url));
  });
});

describe('total cap', () => {
  it('refuses upgrades with 503 once the node holds its maximum of sockets', async () => {
    // Authenticated ones count too: PER_USER each for TOTAL / PER_USER users.
    for (let u = 0; u < TOTAL / PER_USER; u++) {
      const jwt = await token(uniqueUser());
      for (let i = 0; i < PER_USER; i++) track(await TestSocket.connect(t.url, jwt));
    }
    expect(t.server.app.realtime.stats.connections()).toBe(TOTAL);
    const refused = await refusedUpgrade();
    expect(refused.status).toBe(503);
    expect(refused.body.error.code).toBe('server_busy');
    // The sockets it holds are served as before.
    await roundTrip(sockets[0]!, 'still-served');
  });
});
