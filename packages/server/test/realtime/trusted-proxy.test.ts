/**
 * The unauthenticated-socket cap behind a load balancer (docs/server.md, "Behind a proxy"): with
 * `OICHAT_TRUST_PROXY` naming the balancer, clients are counted by the address it forwards in
 * X-Forwarded-For; without it the header is ignored, so a client cannot spread its sockets over
 * addresses it makes up.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

const PER_IP = 2;
const open: WebSocket[] = [];

/** Opens an unauthenticated socket claiming to be forwarded for `client`: 'open' or the refusal's status. */
function upgrade(t: TestServer, client: string): Promise<'open' | number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${t.url.replace('http', 'ws')}/v1/realtime`, {
      headers: { 'X-Forwarded-For': client },
    });
    open.push(ws);
    ws.on('open', () => resolve('open'));
    ws.on('unexpected-response', (_req, res) => {
      res.resume();
      resolve(res.statusCode!);
    });
    ws.on('error', (err) => reject(err));
  });
}

/** Closes this test's sockets; the next starts from an empty gateway. */
async function settle(t: TestServer): Promise<void> {
  for (const ws of open.splice(0)) ws.terminate();
  while (t.server.app.realtime.stats.connections() > 0) await new Promise((r) => setTimeout(r, 10));
}

describe('behind a trusted proxy', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({
      env: { OICHAT_TRUST_PROXY: 'loopback', OICHAT_WS_MAX_UNAUTHENTICATED_PER_IP: String(PER_IP) },
    });
  });
  afterAll(() => t?.close());
  afterEach(() => settle(t));

  it('counts each forwarded client on its own', async () => {
    for (let i = 0; i < PER_IP; i++) expect(await upgrade(t, '203.0.113.5')).toBe('open');
    expect(await upgrade(t, '203.0.113.5')).toBe(429);
    // Another customer behind the same balancer still gets in.
    expect(await upgrade(t, '203.0.113.6')).toBe('open');
    // A client's own X-Forwarded-For, passed on by the balancer, names the nearest untrusted hop.
    expect(await upgrade(t, '198.51.100.1, 203.0.113.5')).toBe(429);
  });
});

describe('trusting no proxy (the default)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ env: { OICHAT_WS_MAX_UNAUTHENTICATED_PER_IP: String(PER_IP) } });
  });
  afterAll(() => t?.close());
  afterEach(() => settle(t));

  it('ignores X-Forwarded-For: made-up addresses share the peer address and its cap', async () => {
    for (let i = 0; i < PER_IP; i++) expect(await upgrade(t, `203.0.113.${10 + i}`)).toBe('open');
    expect(await upgrade(t, '203.0.113.99')).toBe(429);
  });
});
