/**
 * Which webhook URLs the server may call. Only http(s); and unless private targets are allowed
 * (development), no loopback, private, link-local or otherwise internal address, checked both
 * when an endpoint is saved (literal addresses, localhost) and before each delivery (what the
 * host name resolves to), so an endpoint cannot be aimed at the server's own network.
 */
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { fieldError } from '../errors/app-error.js';

const internal = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  internal.addSubnet(net, bits, 'ipv4');
}
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  internal.addSubnet(net, bits, 'ipv6');
}

export function isInternalAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return internal.check(address, 'ipv4');
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    return mapped ? internal.check(mapped[1]!, 'ipv4') : internal.check(address, 'ipv6');
  }
  return false;
}

const hostOf = (url: URL) => url.hostname.replace(/^\[|\]$/g, '');

/** Checks a URL as an endpoint is saved; throws a validation error naming `url`. */
export function checkWebhookUrl(text: string, allowPrivate: boolean): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw fieldError('url', 'format', 'must be an absolute http(s) URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw fieldError('url', 'protocol', 'must use http or https');
  if (url.username || url.password) throw fieldError('url', 'credentials', 'must not contain a user name or password');
  const host = hostOf(url);
  if (!allowPrivate && (host === 'localhost' || host.endsWith('.localhost') || isInternalAddress(host))) {
    throw fieldError(
      'url',
      'publicAddress',
      'must not point at a loopback or private address; start the server with --webhooks-allow-private for development',
    );
  }
  return url.toString();
}

/** Before a delivery: null when the target may be called, else why not. */
export async function refuseInternalTarget(text: string, allowPrivate: boolean): Promise<string | null> {
  if (allowPrivate) return null;
  const host = hostOf(new URL(text));
  const addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
  const bad = addresses.find(isInternalAddress);
  return bad ? `${host} resolves to the internal address ${bad}; refusing to deliver` : null;
}
