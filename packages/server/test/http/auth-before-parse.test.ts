/**
 * Authentication runs on the headers and the raw bytes, before the JSON body is parsed (issue
 * 10, finding 2): an unsigned or badly signed backend request, or an end-user request without a
 * valid token, is answered 401 without its body ever being parsed or walked, so an anonymous
 * client cannot spend the server's CPU on a megabyte of JSON. An authenticated request's body is
 * parsed once, and a broken rule deep inside it is still reported at its exact path.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonBodyStats } from '../../src/http/json-body.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

/** A flat array of just under 1 MiB: the body limit, at the most values per byte. */
const bigBody = `[${Array(349_000).fill('0').join(',')}]`;

async function parsesDuring(run: () => Promise<void>): Promise<number> {
  const before = jsonBodyStats.parsed;
  await run();
  return jsonBodyStats.parsed - before;
}

describe('backend requests', () => {
  it('an unsigned POST with a 1 MiB body, or one that is not JSON: 401, its body never parsed', async () => {
    const parses = await parsesDuring(async () => {
      for (const body of [bigBody, '{not json']) {
        const res = await fetch(`${t.url}/v1/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        expect(res.status).toBe(401);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe('missing_credentials');
      }
    });
    expect(parses).toBe(0);
  });

  it('a wrongly signed POST: 401 invalid_signature, not parsed, even when the body is not JSON', async () => {
    const parses = await parsesDuring(async () => {
      for (const rawBody of [bigBody, '{not json']) {
        const res = await t.client.call('POST', '/v1/messages', { rawBody, signature: `v2=${'0'.repeat(64)}` });
        expect(res.status).toBe(401);
        expect(res.body.error.code).toBe('invalid_signature');
      }
    });
    expect(parses).toBe(0);
  });

  it('a signed POST is parsed once, and a NUL deep inside is reported at its path', async () => {
    const body = { type: 'group', participants: ['a', 'b'], metadata: { list: [1, { ok: 'x' }, { deep: 'a\u0000' }] } };
    const parses = await parsesDuring(async () => {
      const res = await t.client.post('/v1/rooms', body);
      expect(res.status).toBe(400);
      expect(res.body.error.details).toEqual([
        { field: 'metadata.list.2.deep', rule: 'noNul', message: 'must not contain the NUL character (\\u0000)' },
      ]);
    });
    expect(parses).toBe(1);
  });

  it('a signed POST whose body is not JSON is still 400 invalid_json', async () => {
    const res = await t.client.call('POST', '/v1/rooms', { rawBody: '{not json' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_json');
  });
});

describe('end-user requests', () => {
  it('no token or a forged one: 401 with a 1 MiB body, or one that is not JSON, never parsed', async () => {
    const parses = await parsesDuring(async () => {
      for (const authorization of [undefined, 'Bearer eyJhbGciOiJFUzI1NiJ9.e30.AAAA'])
        for (const body of [bigBody, '{not json']) {
          const res = await fetch(`${t.url}/v1/me/rooms/r/messages`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...(authorization && { authorization }) },
            body,
          });
          expect(res.status).toBe(401);
        }
    });
    expect(parses).toBe(0);
  });
});
