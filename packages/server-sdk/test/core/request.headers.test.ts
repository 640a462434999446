// The transport against spec/signing-vectors.json, the protocol statement the server and the Java
// SDK test against too: each vector's request goes out with exactly the vector's headers, to exactly
// its target (the signer itself is checked against the same vectors in signing.test.ts).
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ResolvedConfig } from '../../src/core/config.ts';
import { Transport } from '../../src/core/request.ts';
import { type RequestVector, vectors } from '../helpers/signing-vectors.ts';

const cases = vectors.request_signing.valid.map((v) => [v.name, v] as [string, RequestVector]);

interface Captured {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

describe('spec/signing-vectors.json: what the transport sends', () => {
  const seen: Captured[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString() });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  let origin = '';
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => server.close());
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it.each(cases)('sends "%s" with the vector\'s headers', async (_name, v) => {
    // The vector's target is "<prefix>/v1/…?query": the prefix goes into the base URL, the query
    // through the transport's own encoding, which must give back the vector's bytes.
    const [pathPart, queryPart] = v.path_with_query.split('?') as [string, string | undefined];
    const v1 = pathPart.indexOf('/v1/');
    const config: ResolvedConfig = {
      apiKey: v.api_key,
      secretKey: v.secret_key,
      projectId: v.project_id,
      baseUrl: origin + pathPart.slice(0, v1),
      timeout: 5000,
      maxRetries: 0,
    };
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Number(v.timestamp) * 1000);
    // The nonce is the only random part of a signed request: the vector's, here. (POSTs in the
    // vectors all carry their own key, so no key is drawn from randomUUID.)
    vi.spyOn(globalThis.crypto, 'randomUUID').mockReturnValue(
      v.nonce! as `${string}-${string}-${string}-${string}-${string}`,
    );
    await new Transport(config).request({
      method: v.method,
      path: pathPart.slice(v1),
      query: queryPart === undefined ? undefined : Object.fromEntries(new URLSearchParams(queryPart)),
      body: v.body === '' ? undefined : JSON.parse(v.body),
      options: v.idempotency_key === null ? undefined : { idempotencyKey: v.idempotency_key },
    });
    const request = seen.pop()!;
    expect(request.method).toBe(v.method);
    expect(request.url).toBe(v.path_with_query);
    expect(request.body).toBe(v.body);
    for (const [name, value] of Object.entries(v.headers)) expect(request.headers[name.toLowerCase()]).toBe(value);
    const sent = [
      'x-oichat-project-id',
      'x-oichat-api-key',
      'x-oichat-timestamp',
      'x-oichat-nonce',
      'x-oichat-signature',
      'idempotency-key',
    ];
    const expected = Object.keys(v.headers).map((k) => k.toLowerCase());
    expect(sent.filter((name) => request.headers[name] !== undefined).sort()).toEqual(expected.sort());
  });
});
