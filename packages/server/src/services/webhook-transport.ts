/**
 * Sends one webhook POST, and owns the rule that it reaches only the addresses it was allowed to.
 * The host name is resolved once per connection, by the connection itself (a `lookup` that
 * filters internal addresses and hands the survivors to the socket), so no second resolution can
 * answer something else between the check and the connect (DNS rebinding). A literal address is
 * checked before connecting, since no lookup runs for one. Redirects are never followed. TLS keeps
 * the URL's host name for SNI and certificate verification: only the address is pinned.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { hostOf, isInternalAddress } from './webhook-url.js';

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** How a host name becomes addresses: DNS (getaddrinfo) by default; tests pass their own. */
export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const resolveWithDns: HostResolver = (hostname) => dnsLookup(hostname, { all: true, order: 'verbatim' });

/** A delivery refused because its target is internal; nothing was sent. */
export class InternalTargetError extends Error {
  readonly code = 'EOICHAT_INTERNAL_TARGET';
}

export interface WebhookResponse {
  status: number;
  /** The first bytes of the body, as text (what the attempts API shows). */
  snippet: string;
}

export interface TransportOptions {
  allowPrivate: boolean;
  resolve: HostResolver;
  /** Bytes of the response body kept; the rest is not read. */
  snippetBytes: number;
}

const refusal = (host: string, address: string) =>
  new InternalTargetError(`${host} resolves to the internal address ${address}; refusing to deliver`);

export class WebhookTransport {
  // Kept-alive connections stay bound to the address they were opened to, which was checked.
  readonly #http = new HttpAgent({ keepAlive: true, timeout: 5_000 });
  readonly #https = new HttpsAgent({ keepAlive: true, timeout: 5_000 });

  constructor(private readonly options: TransportOptions) {}

  /** The socket's only name resolution: one answer, filtered, and what survives is what it connects to. */
  readonly #lookup: LookupFunction = (hostname, lookupOptions, callback) => {
    this.options.resolve(hostname).then(
      (answers) => {
        const wanted = lookupOptions.family ? answers.filter((a) => a.family === lookupOptions.family) : answers;
        const bad = this.options.allowPrivate ? undefined : wanted.find((a) => isInternalAddress(a.address));
        if (bad) return callback(refusal(hostname, bad.address), '', 0);
        if (wanted.length === 0) {
          const err = Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' });
          return callback(err, '', 0);
        }
        // Node asks for every address when it races IPv4 and IPv6 (autoSelectFamily), else for one.
        if (lookupOptions.all) (callback as (e: null, a: ResolvedAddress[]) => void)(null, wanted);
        else callback(null, wanted[0]!.address, wanted[0]!.family);
      },
      (err: Error) => callback(err as NodeJS.ErrnoException, '', 0),
    );
  };

  /** POSTs the body; rejects on a refused target, a network failure or the signal's abort. */
  post(url: string, headers: Record<string, string>, body: string, signal: AbortSignal): Promise<WebhookResponse> {
    const target = new URL(url);
    const host = hostOf(target);
    if (isIP(host) && !this.options.allowPrivate && isInternalAddress(host))
      return Promise.reject(new InternalTargetError(`${host} is an internal address; refusing to deliver`));
    const secure = target.protocol === 'https:';
    return new Promise((resolve, reject) => {
      const req = (secure ? httpsRequest : httpRequest)(
        target,
        {
          method: 'POST',
          headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
          agent: secure ? this.#https : this.#http,
          lookup: this.#lookup,
          signal,
        },
        (res) => {
          readSnippet(res, this.options.snippetBytes).then(
            (snippet) => resolve({ status: res.statusCode ?? 0, snippet }),
            reject,
          );
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  /** Closes kept-alive connections (the dispatcher is stopping). */
  close(): void {
    this.#http.destroy();
    this.#https.destroy();
  }
}

/** Reads at most `limit` bytes of the body, then lets the rest go (the connection with it). */
function readSnippet(res: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = () => resolve(Buffer.concat(chunks).subarray(0, limit).toString('utf8'));
    res.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= limit) {
        res.destroy();
        finish();
      }
    });
    res.on('end', finish);
    res.on('error', reject);
  });
}
