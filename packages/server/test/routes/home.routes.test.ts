/** GET /: what a person who opens the server's address in a browser sees. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERSION } from '../../src/version.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t?.close());

describe('GET /', () => {
  it('answers an HTML page saying what this server is and its version, without a signature', async () => {
    const res = await fetch(`${t.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await res.text();
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<html lang="en">');
    expect(html).toContain(`<title>OiChat server ${VERSION}</title>`);
    expect(html).toMatch(/<h1>OiChat server <small>[\d.]+<\/small><\/h1>/);
  });

  it('links the API reference, the OpenAPI document and the health endpoints, and each link answers', async () => {
    const html = await (await fetch(`${t.url}/`)).text();
    const links = [...html.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map((m) => ({ href: m[1]!, text: m[2]! }));
    expect(links.map((l) => l.href)).toEqual(['/v1/docs', '/v1/openapi.json', '/healthz', '/readyz']);
    expect(links[0]!.text).toBe('API reference');
    for (const { href } of links) {
      const res = await fetch(new URL(href, t.url));
      expect(res.status, href).toBe(200);
      await res.arrayBuffer();
    }
  });

  it('is not part of the API document', async () => {
    const doc = (await (await fetch(`${t.url}/v1/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(doc.paths['/']).toBeUndefined();
  });
});
