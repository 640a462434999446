/**
 * Webhook delivery against DNS rebinding (issue 10, finding 1): a target name is resolved once
 * per connection, and the connection goes to the address that was checked. A stand-in resolver
 * plays a DNS server that answers differently on each call; the "internal service" is a real
 * HTTP server on 127.0.0.1 that must never be reached.
 */
import { readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { isIP } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { HostResolver } from '../../src/services/webhook-transport.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { startReceiver, type Receiver } from '../helpers/webhook-receiver.js';

let t: TestServer | undefined;
let receiver: Receiver | undefined;
afterEach(async () => {
  await t?.close();
  await receiver?.close();
  t = undefined;
  receiver = undefined;
});

/** A resolver answering each call with the next of `answers` (round and round), recording the names asked. */
function rebinding(answers: string[][]): HostResolver & { calls: string[] } {
  const calls: string[] = [];
  const resolve = async (host: string) => {
    const answer = answers[calls.length % answers.length]!;
    calls.push(host);
    return answer.map((address) => ({ address, family: isIP(address) }));
  };
  return Object.assign(resolve, { calls });
}

/** Retries an hour away: the only attempts are the first and the ones the test asks for. */
const NO_AUTOMATIC_RETRY = { OICHAT_WEBHOOK_RETRY_SCHEDULE: '3600', OICHAT_WEBHOOK_TIMEOUT_MS: '5000' };

async function attempts(server: TestServer, endpointId: string, count: number) {
  let data: any[] = [];
  await expect
    .poll(
      async () => {
        data = (await server.client.get(`/v1/webhooks/${endpointId}/attempts?limit=100`)).body.data;
        return data.length;
      },
      { timeout: 15_000 },
    )
    .toBeGreaterThanOrEqual(count);
  return data.reverse(); // oldest first
}

async function roomWithEndpoint(server: TestServer, url: string) {
  const created = await server.client.post('/v1/webhooks', { url, event_types: ['room.created'] });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const room = await server.client.post('/v1/rooms', { type: 'group', participants: ['a', 'b'] });
  expect(room.status).toBe(201);
  return created.body.endpoint_id as string;
}

describe('webhook targets are resolved once, and the connection goes to the checked address', () => {
  it('a name that answers a public address, then 127.0.0.1, never reaches the loopback service, however often it is re-sent', async () => {
    receiver = await startReceiver();
    // 2000::1 is global unicast but routed nowhere: the connection to it fails without answering.
    const resolver = rebinding([['2000::1'], ['127.0.0.1']]);
    t = await startTestServer({ webhookResolver: resolver, env: NO_AUTOMATIC_RETRY });
    const endpointId = await roomWithEndpoint(t, `http://rebind.example:${receiver.port}/hooks`);

    const [first] = await attempts(t, endpointId, 1);
    expect(resolver.calls).toEqual(['rebind.example']);
    expect(first).toMatchObject({ status_code: null, response_body: null });
    expect(first.error).not.toMatch(/internal address/);

    // Each re-send is one resolution: the loopback answer is refused, the public one fails again.
    for (const [n, expected] of [
      [2, /rebind\.example resolves to the internal address 127\.0\.0\.1; refusing to deliver/],
      [3, /^(?!.*internal address)/],
    ] as const) {
      expect(
        (await t.client.post(`/v1/webhooks/${endpointId}/resend`, { event_id: first.event_id })).status,
      ).toBeLessThan(300);
      const all = await attempts(t, endpointId, n);
      expect(all[n - 1]).toMatchObject({ status_code: null, response_body: null });
      expect(all[n - 1].error).toMatch(expected);
      expect(resolver.calls).toHaveLength(n);
    }
    // Attempts are recorded only once their connection is over: had one reached the receiver, it would show.
    expect(receiver.received).toHaveLength(0);
  });

  it('refuses a name whose one answer mixes a public and an internal address, before connecting', async () => {
    receiver = await startReceiver();
    const resolver = rebinding([['2000::1', '127.0.0.1']]);
    t = await startTestServer({ webhookResolver: resolver, env: NO_AUTOMATIC_RETRY });
    const endpointId = await roomWithEndpoint(t, `http://mixed.example:${receiver.port}/hooks`);
    const [first] = await attempts(t, endpointId, 1);
    expect(first.error).toBe('mixed.example resolves to the internal address 127.0.0.1; refusing to deliver');
    expect(receiver.received).toHaveLength(0);
  });

  it('connects to the address the resolver gave (allowed private targets, for development)', async () => {
    receiver = await startReceiver();
    const resolver = rebinding([['127.0.0.1']]);
    t = await startTestServer({ webhookResolver: resolver, webhooksAllowPrivate: true, env: NO_AUTOMATIC_RETRY });
    await roomWithEndpoint(t, `http://hooks.example:${receiver.port}/hooks`);
    const [got] = await receiver.waitFor((all) => all.length === 1);
    expect(got!.json.type).toBe('room.created');
    expect(got!.headers.host).toBe(`hooks.example:${receiver.port}`);
    expect(resolver.calls).toEqual(['hooks.example']);
  });

  it('keeps TLS on the host name: SNI names it and the certificate is verified, though the address is pinned', async () => {
    const dir = new URL('../fixtures/tls/', import.meta.url);
    const names: string[] = [];
    const tls = createHttpsServer({
      key: readFileSync(new URL('hooks.example.key', dir)),
      cert: readFileSync(new URL('hooks.example.crt', dir)),
      SNICallback: (name, cb) => {
        names.push(name);
        cb(null);
      },
    });
    tls.on('tlsClientError', () => {});
    await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
    try {
      const resolver = rebinding([['127.0.0.1']]);
      t = await startTestServer({ webhookResolver: resolver, webhooksAllowPrivate: true, env: NO_AUTOMATIC_RETRY });
      const port = (tls.address() as AddressInfo).port;
      const endpointId = await roomWithEndpoint(t, `https://hooks.example:${port}/hooks`);
      const [first] = await attempts(t, endpointId, 1);
      // A self-signed certificate no CA vouches for: refused, so verification is on.
      expect(first).toMatchObject({ status_code: null, error: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
      expect(names).toEqual(['hooks.example']);
    } finally {
      tls.closeAllConnections();
      await new Promise((resolve) => tls.close(resolve));
    }
  });
});
