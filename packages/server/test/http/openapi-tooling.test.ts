/**
 * The served OpenAPI document as API tooling takes it: Redocly's linter (the engine of
 * `redocly lint`, recommended rules) finds no problem, not even a warning; openapi-typescript
 * generates types from it that compile and name every operation by its SDK call; every operation
 * declares each error it can answer in the error shape; and the error catalogue and the
 * document agree. The tools live in tools/openapi-check (openapi-typescript needs TypeScript 5).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errors } from '../../src/errors/app-error.js';
import { ERROR_CODES } from '../../src/http/openapi-errors.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const tools = createRequire(join(repoRoot, 'tools/openapi-check/package.json'));
const importTool = async (name: string) => import(pathToFileURL(tools.resolve(name)).href);
const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin/tsc');

let t: TestServer;
let source: string;
let doc: any;
const temp = mkdtempSync(join(tmpdir(), 'oichat-openapi-'));

beforeAll(async () => {
  t = await startTestServer();
  const res = await fetch(`${t.url}/v1/openapi.json`);
  expect(res.status).toBe(200);
  source = await res.text();
  doc = JSON.parse(source);
});
afterAll(async () => {
  await t?.close();
  rmSync(temp, { recursive: true, force: true });
});

const operations = () =>
  Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method, op })),
  );

describe('the OpenAPI document, linted with Redocly (recommended rules)', () => {
  it('has no error and no warning', async () => {
    const { createConfig, lintFromString } = await importTool('@redocly/openapi-core');
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({ source, absoluteRef: `${t.url}/v1/openapi.json`, config });
    const shown = problems.map(
      (p: any) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location?.[0]?.pointer ?? '?'}`,
    );
    expect(shown).toEqual([]);
  });

  it("names this server's public URL as its server", async () => {
    expect(doc.servers).toEqual([{ url: t.url, description: expect.any(String) }]);
    const configured = await startTestServer({ env: { OICHAT_PUBLIC_URL: 'https://chat.example.com' } });
    try {
      const other = (await (await fetch(`${configured.url}/v1/openapi.json`)).json()) as any;
      expect(other.servers[0].url).toBe('https://chat.example.com');
      const shown = (await (await fetch(`${configured.url}/v1/docs/json`)).json()) as any;
      expect(shown.servers[0].url).toBe('https://chat.example.com');
    } finally {
      await configured.close();
    }
  });
});

describe('every operation', () => {
  it('has a unique operationId named after its SDK call: <resource>_<method>, me_ for the end-user API', () => {
    const ids = operations().map(({ path, op }) => {
      expect(op.operationId, path).toMatch(
        path.startsWith('/v1/me/') ? /^me_(\w+_)?[a-z][A-Za-z]*$/ : /^[a-z]+_[a-z][A-Za-z]*$/,
      );
      return op.operationId as string;
    });
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('backs each call of the server SDK, and each backend operation is one: oichat.rooms.create() is rooms_create', async () => {
    const { OiChat } = await import('@oichat/server-sdk');
    const client = new OiChat({ apiKey: 'ak_live_x', secretKey: 'sk_x', projectId: 'proj_x', baseUrl: t.url }) as any;
    const ids = new Set(operations().map(({ op }) => op.operationId));
    // Every resource namespace of the client (they share its transport), not a list kept by hand.
    const resources = Object.keys(client).filter(
      (k) => client[k] && typeof client[k] === 'object' && '_transport' in client[k],
    );
    expect(resources).toEqual(
      expect.arrayContaining(['auth', 'users', 'rooms', 'messages', 'attachments', 'webhooks', 'channels']),
    );
    const calls: string[] = [];
    for (const resource of resources) {
      const proto = Object.getPrototypeOf(client[resource]);
      for (const method of Object.getOwnPropertyNames(proto)) {
        // webhooks.verify checks a signature locally: no API call.
        if (method === 'constructor' || method.startsWith('_') || `${resource}.${method}` === 'webhooks.verify')
          continue;
        calls.push(`${resource}_${method}`);
      }
    }
    expect(calls.filter((c) => !ids.has(c))).toEqual([]);
    // The other way round: a backend operation with no SDK call is a gap in the SDK. Not calls:
    // the JWKS (public, for whoever verifies user tokens: jose's createRemoteJWKSet) and the
    // signed download URLs (fetched as they are, by a browser or any HTTP client).
    const withoutCall = new Set(['auth_jwks', 'attachments_downloadContent', 'attachments_downloadThumbnail']);
    const backend = [...ids].filter((id) => !id.startsWith('me_') && !withoutCall.has(id));
    expect(backend.filter((id) => !calls.includes(id))).toEqual([]);
  });

  it('describes every response by what it is, never "Default Response"', () => {
    for (const { path, method, op } of operations()) {
      for (const [status, response] of Object.entries<any>(op.responses)) {
        expect(response.description, `${method} ${path} ${status}`).not.toMatch(/^Default Response$/);
        expect(response.description.length, `${method} ${path} ${status}`).toBeGreaterThan(4);
      }
    }
    const created = doc.paths['/v1/rooms'].post.responses['201'];
    expect(created.description).toBe('The new room');
  });

  it('declares the errors it can answer, each in the error shape, with the codes each status carries', () => {
    for (const { path, method, op } of operations()) {
      const statuses = Object.keys(op.responses);
      expect(statuses, `${method} ${path}`).not.toContain('default');
      for (const status of ['400', '500', '503']) expect(statuses, `${method} ${path}`).toContain(status);
      for (const status of statuses.filter((s) => Number(s) >= 400)) {
        expect(op.responses[status].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Error' });
        expect(op.responses[status].description).toMatch(/`error\.code` is one of `\w+`/);
      }
    }
    const responses = (path: string, method: string) => doc.paths[path][method].responses;
    const codesOf = (r: any) => [...r.description.matchAll(/`(\w+)`:/g)].map((m) => m[1]);
    // Signed backend routes: signatures and the rate limit; idempotent POSTs: their key's conflicts.
    const add = responses('/v1/rooms/{room_id}/participants', 'post');
    expect(codesOf(add['401'])).toEqual(expect.arrayContaining(['invalid_signature', 'stale_timestamp']));
    expect(codesOf(add['404'])).toEqual(['room_not_found']);
    expect(codesOf(add['409'])).toEqual(['idempotency_in_progress', 'room_full', 'direct_room_participants_fixed']);
    expect(codesOf(add['422'])).toEqual(['idempotency_key_reused']);
    expect(codesOf(add['429'])).toEqual(['rate_limited']);
    expect(codesOf(responses('/v1/messages', 'post')['422'])).toContain('sender_not_participant');
    // End-user routes: the user token's errors and the user's own rate limit, no signature.
    const mine = responses('/v1/me/rooms/{room_id}', 'get');
    expect(codesOf(mine['401'])).toEqual(['missing_token', 'invalid_token', 'token_expired', 'token_revoked']);
    expect(codesOf(mine['429'])).toEqual(['rate_limited']);
    expect(codesOf(mine['401'])).not.toContain('invalid_signature');
    expect(codesOf(responses('/v1/rooms', 'get')['400'])).toContain('invalid_cursor');
  });

  it('documents the codes the server really answers with (an unknown room is a 404 room_not_found, as declared)', async () => {
    const res = await t.client.get('/v1/rooms/room_nope');
    expect(res.status).toBe(404);
    expect(doc.paths['/v1/rooms/{room_id}'].get.responses['404'].description).toContain(`\`${res.body.error.code}\``);
  });
});

describe('the error catalogue', () => {
  it('has each of its codes in the document’s table, with the same status', () => {
    const table = ERROR_CODES as Record<string, readonly [number, string]>;
    // refused() picks its code by the status it is given; every other factory takes text or a number.
    const { refused, ...rest } = errors;
    const made = Object.values(rest).map((make) => (make as (...a: unknown[]) => any)('x', 1));
    made.push(refused(400, 'x'), refused(416, 'x'));
    for (const err of made) expect([err.code, table[err.code]?.[0]]).toEqual([err.code, err.status]);
  });
});

describe('types generated by openapi-typescript', () => {
  it('compile, and type each operation’s request and responses by its operationId', async () => {
    const { default: openapiTS, astToString } = await importTool('openapi-typescript');
    const generated = astToString(await openapiTS(doc, { silent: true }));
    writeFileSync(join(temp, 'oichat-api.ts'), generated);
    writeFileSync(
      join(temp, 'use.ts'),
      `import type { components, operations } from './oichat-api.js';
type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
type Created = Json<operations['rooms_create']['responses'][201]>;
const room: Created = {} as components['schemas']['Room'];
export const roomId: string = room.room_id;
export const participants: string[] = room.participants;
type NotFound = Json<operations['rooms_get']['responses'][404]>;
export const code: string = ({} as NotFound).error.code;
type Send = NonNullable<operations['messages_send']['requestBody']>['content']['application/json'];
export const send: Send = { room_id: 'r', sender_id: 'system', content: 'hi' };
type Page = Json<operations['me_rooms_list']['responses'][200]>;
export const next: string | null = ({} as Page).next_cursor;
`,
    );
    writeFileSync(
      join(temp, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2022',
          skipLibCheck: false,
          types: [],
        },
        files: ['use.ts'],
      }),
    );
    const r = spawnSync(process.execPath, [tsc, '-p', join(temp, 'tsconfig.json')], { encoding: 'utf8' });
    expect(r.stdout + r.stderr, generated.slice(0, 2000)).toBe('');
    expect(r.status).toBe(0);
    expect(generated).toContain('rooms_addParticipant: {');
  });
});
