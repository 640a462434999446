/**
 * The internal-address list (issue 10, finding 8): every special-purpose form is refused when an
 * endpoint is saved and again at delivery, whether it is written in the URL or what the name
 * resolves to; public addresses, IPv4-embedding forms of them included, still pass.
 */
import { isIP } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isInternalAddress } from '../../src/services/webhook-url.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { startReceiver, type Receiver } from '../helpers/webhook-receiver.js';

/** Hosts (as written in a URL) that must never be a webhook target, with why. */
const INTERNAL_HOSTS: [string, string][] = [
  ['[::127.0.0.1]', 'IPv4-compatible IPv6 of loopback (deprecated ::/96)'],
  ['[::ffff:0:7f00:1]', 'SIIT-translated loopback (::ffff:0:0/96)'],
  ['[::ffff:127.0.0.1]', 'IPv4-mapped loopback'],
  ['[::ffff:a9fe:a9fe]', 'IPv4-mapped link-local (cloud metadata)'],
  ['[64:ff9b::a9fe:a9fe]', 'NAT64 of 169.254.169.254'],
  ['[64:ff9b:1::1]', 'local-use NAT64 prefix'],
  ['[2002:a9fe:a9fe::]', '6to4 of 169.254.169.254'],
  ['[2002:7f00:1::1]', '6to4 of loopback'],
  ['[fec0::1]', 'site-local (deprecated)'],
  ['[fe80::1]', 'link-local'],
  ['[fd00::1]', 'unique local'],
  ['[::1]', 'loopback'],
  ['[::]', 'unspecified'],
  ['[2001:db8::1]', 'documentation'],
  ['[2001::1]', 'Teredo'],
  ['[ff02::1]', 'multicast'],
  ['192.0.0.1', 'IETF protocol assignments 192.0.0.0/24'],
  ['192.0.2.1', 'TEST-NET-1 (where some hosts keep the default gateway)'],
  ['198.51.100.7', 'TEST-NET-2'],
  ['203.0.113.9', 'TEST-NET-3'],
  ['198.18.0.1', 'benchmarking'],
  ['100.64.0.1', 'carrier-grade NAT'],
  ['169.254.169.254', 'link-local (cloud metadata)'],
  ['10.1.2.3', 'private'],
  ['172.16.0.1', 'private'],
  ['192.168.1.1', 'private'],
  ['127.0.0.1', 'loopback'],
  ['0.0.0.0', 'this network'],
  ['255.255.255.255', 'broadcast'],
  ['224.0.0.1', 'multicast'],
  ['240.0.0.1', 'reserved'],
  ['0x7f.1', 'loopback in hex shorthand'],
  ['2130706433', 'loopback as one number'],
];

const LOCAL_NAMES = ['localhost', 'localhost.', 'a.localhost', 'a.localhost.', 'LOCALHOST'];

const PUBLIC_HOSTS = [
  '8.8.8.8',
  '[2606:4700:4700::1111]',
  '[::ffff:8.8.8.8]',
  '[64:ff9b::808:808]',
  '[2002:808:808::1]',
  'hooks.example.com',
];

/** The address a host, as URL parsing normalises it, stands for. */
const bare = (host: string) => new URL(`http://${host}/`).hostname.replace(/^\[|\]$/g, '');

describe('isInternalAddress', () => {
  it.each(INTERNAL_HOSTS)('refuses %s (%s)', (host) => {
    expect(isInternalAddress(bare(host))).toBe(true);
  });
  it.each(PUBLIC_HOSTS.filter((h) => isIP(bare(h))))('allows the public %s', (host) => {
    expect(isInternalAddress(bare(host))).toBe(false);
  });
});

describe('endpoints on internal addresses', () => {
  let t: TestServer;
  let receiver: Receiver;
  let resolved: string;
  beforeAll(async () => {
    receiver = await startReceiver();
    // Stands in for DNS: every name resolves to whatever the test set last.
    t = await startTestServer({
      webhookResolver: async () => [{ address: resolved, family: isIP(resolved) }],
      env: { OICHAT_WEBHOOK_RETRY_SCHEDULE: '3600' },
    });
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  it.each([...INTERNAL_HOSTS.map(([h]) => h), ...LOCAL_NAMES])('are refused on save: %s', async (host) => {
    for (const write of [
      () => t.client.post('/v1/webhooks', { url: `http://${host}:${receiver.port}/hooks` }),
      async () => {
        const made = await t.client.post('/v1/webhooks', { url: 'https://hooks.example.com/x' });
        return t.client.patch(`/v1/webhooks/${made.body.endpoint_id}`, { url: `http://${host}/hooks` });
      },
    ]) {
      const res = await write();
      expect(res.status, host).toBe(400);
      expect(res.body.error.details[0]).toMatchObject({ field: 'url', rule: 'publicAddress' });
    }
  });

  it.each(PUBLIC_HOSTS)('are accepted on save for a public %s', async (host) => {
    const res = await t.client.post('/v1/webhooks', { url: `https://${host}/hooks`, enabled: false });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  });

  /** The endpoint's attempts, newest first, once there are `n`. */
  async function attemptsOf(endpointId: string, n: number) {
    let data: any[] = [];
    await expect
      .poll(async () => {
        data = (await t.client.get(`/v1/webhooks/${endpointId}/attempts?limit=100`)).body.data;
        return data.length;
      })
      .toBe(n);
    return data;
  }

  it('are refused at delivery, whether the URL holds the address or a name resolves to it', async () => {
    const made = await t.client.post('/v1/webhooks', {
      url: 'http://target.example/hooks',
      event_types: ['room.created'],
    });
    const endpointId = made.body.endpoint_id as string;
    resolved = '127.0.0.1';
    await t.client.post('/v1/rooms', { type: 'group', participants: ['a', 'b'] });
    const [first] = await attemptsOf(endpointId, 1);
    expect(first.error).toBe('target.example resolves to the internal address 127.0.0.1; refusing to deliver');
    let n = 1;
    const attemptNow = async () => {
      await t.client.post(`/v1/webhooks/${endpointId}/resend`, { event_id: first.event_id });
      return (await attemptsOf(endpointId, ++n))[0];
    };

    // A name resolving to each form (the DNS answer is what the connection would use).
    for (const [host, why] of INTERNAL_HOSTS) {
      resolved = bare(host);
      const attempt = await attemptNow();
      expect(attempt.error, why).toBe(
        `target.example resolves to the internal address ${resolved}; refusing to deliver`,
      );
    }
    // The URL itself holding the address: a row saved by an older server, before the list grew.
    resolved = '127.0.0.1'; // what the localhost names resolve to
    for (const host of [...INTERNAL_HOSTS.map(([h]) => h), ...LOCAL_NAMES]) {
      const url = new URL(`http://${host}:${receiver.port}/hooks`).toString();
      await t.server.store.webhooks.updateEndpoint(endpointId, { url });
      const attempt = await attemptNow();
      expect(attempt.status_code, host).toBeNull();
      expect(attempt.error, host).toMatch(
        / (resolves to the internal address .*|is an internal address); refusing to deliver$/,
      );
    }
    // Every attempt is recorded once its connection (if any) is over: none reached the receiver.
    expect(receiver.received).toHaveLength(0);
  });
});
