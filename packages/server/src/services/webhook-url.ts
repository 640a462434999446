/**
 * Which webhook URLs and addresses the server may call. Only http(s); and unless private targets
 * are allowed (development), only public unicast addresses: checked when an endpoint is saved
 * (literal addresses, the localhost names) and, at delivery, on the very addresses the connection
 * is made to (see webhook-transport.ts), so an endpoint cannot be aimed at the server's own network.
 *
 * The special-purpose ranges are IANA's registries as ipaddr.js encodes them (loopback, private,
 * link-local, CGNAT, documentation, benchmarking, reserved, multicast, …). IPv6 forms that carry
 * an IPv4 address (mapped, translated, NAT64, 6to4) are judged by that address; any other IPv6
 * address must also lie in the global unicast space 2000::/3, which rules out the deprecated
 * IPv4-compatible ::a.b.c.d and site-local fec0::/10 forms.
 */
import ipaddr from 'ipaddr.js';
import { fieldError } from '../errors/app-error.js';

const GLOBAL_UNICAST_V6 = ipaddr.IPv6.parse('2000::');

/** The IPv4 address an IPv6 form embeds and is routed to, when it has one (null otherwise). */
function embeddedIPv4(address: ipaddr.IPv6): ipaddr.IPv4 | null {
  const p = address.parts;
  const last32 = () => new ipaddr.IPv4([p[6]! >> 8, p[6]! & 0xff, p[7]! >> 8, p[7]! & 0xff]);
  switch (address.range()) {
    case 'ipv4Mapped': // ::ffff:a.b.c.d
    case 'rfc6145': // ::ffff:0:a.b.c.d (SIIT)
      return last32();
    case 'rfc6052': // 64:ff9b::a.b.c.d (NAT64); 64:ff9b:1::/48 is local use and has no fixed layout
      return p[0] === 0x64 && p[1] === 0xff9b && p[2] === 0 ? last32() : null;
    case '6to4': // 2002:AABB:CCDD::
      return new ipaddr.IPv4([p[1]! >> 8, p[1]! & 0xff, p[2]! >> 8, p[2]! & 0xff]);
    default:
      return null;
  }
}

const V6_EMBEDDING = new Set(['ipv4Mapped', 'rfc6145', 'rfc6052', '6to4']);

/** True for every address a webhook must not reach: anything but a public unicast address. */
export function isInternalAddress(text: string): boolean {
  const bare = text.replace(/^\[|\]$/g, '');
  if (!ipaddr.isValid(bare)) return false;
  let address: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    address = ipaddr.parse(bare);
  } catch {
    return true; // looks like an address but cannot be judged: refuse
  }
  if (address.kind() === 'ipv4') return address.range() !== 'unicast';
  const v6 = address as ipaddr.IPv6;
  if (v6.zoneId !== undefined) return true; // a scoped (link-local) address
  if (V6_EMBEDDING.has(v6.range())) {
    const v4 = embeddedIPv4(v6);
    return v4 === null || v4.range() !== 'unicast';
  }
  return v6.range() !== 'unicast' || !v6.match(GLOBAL_UNICAST_V6, 3);
}

/** A host name as URL parsing leaves it, without brackets or trailing dots (`localhost.` is `localhost`). */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '').replace(/\.+$/, '');
}

/** RFC 6761: `localhost` and every name under it resolve to loopback, whatever DNS says. */
const isLocalhostName = (host: string) => host === 'localhost' || host.endsWith('.localhost');

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
  if (!allowPrivate && (host === '' || isLocalhostName(host) || isInternalAddress(host))) {
    throw fieldError(
      'url',
      'publicAddress',
      'must not point at a loopback, private or other special-purpose address; start the server with --webhooks-allow-private for development',
    );
  }
  return url.toString();
}
