/**
 * The machine-readable contract (GET /v1/openapi.json), the browsable docs, and the health
 * endpoints: all public, none needs a signature.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let t: TestServer;
let doc: any;

beforeAll(async () => {
  t = await startTestServer();
  const res = await fetch(`${t.url}/v1/openapi.json`);
  expect(res.status).toBe(200);
  doc = await res.json();
});
afterAll(() => t?.close());

/** Every endpoint of docs/http-api.md, and the body fields it documents as required. */
const ENDPOINTS: { method: string; path: string; body?: { required: string[]; fields: string[] } }[] = [
  {
    method: 'post',
    path: '/v1/auth/token',
    body: { required: ['user_id'], fields: ['user_id', 'user_name', 'user_info', 'channels', 'role'] },
  },
  { method: 'post', path: '/v1/auth/refresh', body: { required: ['token'], fields: ['token'] } },
  { method: 'get', path: '/v1/rooms' },
  {
    method: 'post',
    path: '/v1/rooms',
    body: { required: ['type', 'participants'], fields: ['type', 'name', 'participants', 'metadata'] },
  },
  { method: 'get', path: '/v1/rooms/{room_id}' },
  { method: 'patch', path: '/v1/rooms/{room_id}', body: { required: [], fields: ['name', 'metadata', 'status'] } },
  { method: 'delete', path: '/v1/rooms/{room_id}' },
  { method: 'post', path: '/v1/rooms/{room_id}/participants', body: { required: ['user_id'], fields: ['user_id'] } },
  { method: 'delete', path: '/v1/rooms/{room_id}/participants/{user_id}' },
  { method: 'post', path: '/v1/rooms/{room_id}/leave', body: { required: ['user_id'], fields: ['user_id'] } },
  {
    method: 'post',
    path: '/v1/messages',
    body: {
      required: ['room_id', 'sender_id'],
      fields: ['room_id', 'sender_id', 'content', 'content_type', 'metadata', 'parent_id', 'mentions', 'attachments'],
    },
  },
  { method: 'get', path: '/v1/rooms/{room_id}/messages' },
  { method: 'get', path: '/v1/messages/{message_id}' },
  { method: 'patch', path: '/v1/messages/{message_id}', body: { required: [], fields: ['content', 'metadata'] } },
  { method: 'delete', path: '/v1/messages/{message_id}' },
  {
    method: 'post',
    path: '/v1/messages/{message_id}/reactions',
    body: { required: ['user_id', 'type'], fields: ['user_id', 'type'] },
  },
  { method: 'delete', path: '/v1/messages/{message_id}/reactions/{type}' },
  { method: 'get', path: '/v1/messages/{message_id}/replies' },
  { method: 'post', path: '/v1/messages/{message_id}/pin' },
  { method: 'delete', path: '/v1/messages/{message_id}/pin' },
  { method: 'get', path: '/v1/rooms/{room_id}/pins' },
  { method: 'post', path: '/v1/rooms/{room_id}/attachments' },
  { method: 'get', path: '/v1/attachments/{attachment_id}' },
  { method: 'get', path: '/v1/messages/search' },
  { method: 'get', path: '/v1/users' },
  { method: 'get', path: '/v1/users/{user_id}' },
  { method: 'patch', path: '/v1/users/{user_id}', body: { required: [], fields: ['name', 'info', 'role'] } },
  { method: 'delete', path: '/v1/users/{user_id}' },
];

/** The end-user API of the message features (docs/realtime.md#rest-as-the-user), with the user's token. */
const ME_MESSAGE_ENDPOINTS: { method: string; path: string }[] = [
  { method: 'post', path: '/v1/me/rooms/{room_id}/messages' },
  { method: 'get', path: '/v1/me/rooms/{room_id}/messages' },
  { method: 'get', path: '/v1/me/messages/{message_id}' },
  { method: 'patch', path: '/v1/me/messages/{message_id}' },
  { method: 'delete', path: '/v1/me/messages/{message_id}' },
  { method: 'post', path: '/v1/me/messages/{message_id}/reactions' },
  { method: 'delete', path: '/v1/me/messages/{message_id}/reactions/{type}' },
  { method: 'get', path: '/v1/me/messages/{message_id}/replies' },
  { method: 'post', path: '/v1/me/messages/{message_id}/pin' },
  { method: 'delete', path: '/v1/me/messages/{message_id}/pin' },
  { method: 'get', path: '/v1/me/rooms/{room_id}/pins' },
  { method: 'get', path: '/v1/me/messages/search' },
  { method: 'get', path: '/v1/me/unread' },
];

/** Follows a local `#/components/...` reference. */
function resolveRef(ref: string): unknown {
  expect(ref.startsWith('#/')).toBe(true);
  return ref
    .slice(2)
    .split('/')
    .reduce<any>(
      (node, part) => (node === undefined ? undefined : node[part.replace(/~1/g, '/').replace(/~0/g, '~')]),
      doc,
    );
}

function collectRefs(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const n of node) collectRefs(n, out);
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else collectRefs(v, out);
    }
  }
  return out;
}

describe('GET /v1/openapi.json', () => {
  it('is an OpenAPI 3.1 document, served without a signature', async () => {
    const res = await fetch(`${t.url}/v1/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual(doc);
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info).toEqual(expect.objectContaining({ title: expect.any(String), version: expect.any(String) }));
    expect(typeof doc.paths).toBe('object');
  });

  it.each(ME_MESSAGE_ENDPOINTS)('documents $method $path for end users, with their token', ({ method, path }) => {
    const op = doc.paths?.[path]?.[method];
    expect(op, `${method.toUpperCase()} ${path} is missing`).toBeDefined();
    expect(op.security).toEqual([{ userToken: [] }]);
    expect(Object.keys(op.responses).some((s) => /^2\d\d$/.test(s))).toBe(true);
    expect(op.responses['400'].content['application/json'].schema).toEqual({ $ref: expect.stringMatching(/Error$/) });
  });

  it.each(ENDPOINTS)('documents $method $path', ({ method, path, body }) => {
    const op = doc.paths?.[path]?.[method];
    expect(
      op,
      `${method.toUpperCase()} ${path} is missing; paths: ${Object.keys(doc.paths ?? {}).join(', ')}`,
    ).toBeDefined();
    const successes = Object.keys(op.responses ?? {}).filter((s) => /^2\d\d$/.test(s));
    expect(successes.length).toBeGreaterThan(0);
    // Errors in the one shape, and the headers a signed request (and an idempotent POST) carries.
    for (const status of ['400', '401', '500'])
      expect(op.responses[status].content['application/json'].schema).toEqual({
        $ref: expect.stringMatching(/Error$/),
      });
    const headers = (op.parameters ?? [])
      .filter((p: { in: string }) => p.in === 'header')
      .map((p: { name: string }) => p.name);
    expect(headers).toEqual(expect.arrayContaining(['x-oichat-project-id', 'x-oichat-api-key', 'x-oichat-timestamp']));
    expect(headers.includes('idempotency-key')).toBe(method === 'post');

    // Path parameters are declared.
    for (const name of path.match(/\{(\w+)\}/g)?.map((p) => p.slice(1, -1)) ?? []) {
      expect(op.parameters ?? []).toEqual(
        expect.arrayContaining([expect.objectContaining({ in: 'path', name, required: true })]),
      );
    }

    if (body) {
      let schema = op.requestBody?.content?.['application/json']?.schema;
      expect(schema, 'request body schema').toBeDefined();
      if (schema.$ref) schema = resolveRef(schema.$ref);
      expect(schema.type).toBe('object');
      expect(Object.keys(schema.properties ?? {}).sort()).toEqual([...body.fields].sort());
      expect([...(schema.required ?? [])].sort()).toEqual([...body.required].sort());
    } else {
      expect(op.requestBody).toBeUndefined();
    }
  });

  it('declares the query parameters of the list endpoints', () => {
    const rooms = doc.paths['/v1/rooms'].get.parameters;
    expect(rooms).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ in: 'query', name: 'user_id', required: false }),
        expect.objectContaining({ in: 'query', name: 'type' }),
        expect.objectContaining({ in: 'query', name: 'status' }),
        expect.objectContaining({ in: 'query', name: 'metadata', schema: expect.objectContaining({ type: 'array' }) }),
        expect.objectContaining({ in: 'query', name: 'limit' }),
        expect.objectContaining({ in: 'query', name: 'cursor' }),
      ]),
    );
    const users = doc.paths['/v1/users'].get.parameters;
    for (const name of ['role', 'limit', 'cursor']) {
      expect(users).toEqual(expect.arrayContaining([expect.objectContaining({ in: 'query', name })]));
    }
    expect(doc.paths['/v1/users/{user_id}'].delete.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ in: 'query', name: 'redact_messages' })]),
    );
    const history = doc.paths['/v1/rooms/{room_id}/messages'].get.parameters;
    for (const name of ['after', 'before', 'limit']) {
      expect(history).toEqual(expect.arrayContaining([expect.objectContaining({ in: 'query', name })]));
    }
  });

  it('has only references that resolve inside the document', () => {
    const refs = collectRefs(doc.paths);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of new Set(refs)) expect(resolveRef(ref), ref).toBeDefined();
  });

  it('describes the room a create returns, field by field', () => {
    let room = doc.paths['/v1/rooms'].post.responses['201'].content['application/json'].schema;
    if (room.$ref) room = resolveRef(room.$ref);
    expect(Object.keys(room.properties).sort()).toEqual(
      [
        'room_id',
        'type',
        'name',
        'status',
        'metadata',
        'participants',
        'participant_count',
        'message_count',
        'last_seq',
        'created_at',
        'updated_at',
        'last_message_at',
      ].sort(),
    );
  });

  it('describes a user field by field, and names the users operations after their SDK calls', () => {
    let user = doc.paths['/v1/users/{user_id}'].get.responses['200'].content['application/json'].schema;
    if (user.$ref) user = resolveRef(user.$ref);
    expect(Object.keys(user.properties).sort()).toEqual(
      ['user_id', 'name', 'role', 'info', 'created_at', 'updated_at'].sort(),
    );
    expect([
      doc.paths['/v1/users'].get.operationId,
      doc.paths['/v1/users/{user_id}'].get.operationId,
      doc.paths['/v1/users/{user_id}'].patch.operationId,
      doc.paths['/v1/users/{user_id}'].delete.operationId,
    ]).toEqual(['users_list', 'users_get', 'users_update', 'users_delete']);
  });

  it('describes the signature scheme, and does not require it for the public JWKS endpoint', () => {
    const schemes = doc.components?.securitySchemes ?? {};
    const signature = Object.values<any>(schemes).find((s) => s.in === 'header' && /x-oichat-signature/i.test(s.name));
    expect(signature, 'a security scheme for X-OiChat-Signature').toBeDefined();
    // Signed endpoints require it (through the global or their own requirement)...
    const tokenOp = doc.paths['/v1/auth/token'].post;
    expect((tokenOp.security ?? doc.security ?? []).length).toBeGreaterThan(0);
    // ...the JWKS endpoint, documented as needing no signature, does not.
    const jwksOp = doc.paths['/v1/projects/{project_id}/.well-known/jwks.json']?.get;
    expect(jwksOp, 'the JWKS endpoint is documented').toBeDefined();
    expect(jwksOp.security ?? doc.security ?? []).toEqual([]);
  });
});

describe('GET /v1/docs', () => {
  it('serves a browsable HTML page without a signature', async () => {
    const res = await fetch(`${t.url}/v1/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toMatch(/<html/i);
    expect(html).toMatch(/<script/i);
  });

  it('loads its scripts and the same API description it shows', async () => {
    const html = await (await fetch(`${t.url}/v1/docs`)).text();
    const scripts = [...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    for (const src of scripts) {
      const res = await fetch(new URL(src, `${t.url}/v1/docs`));
      expect(res.status, src).toBe(200);
      await res.arrayBuffer();
    }
    // The page's initializer fetches ./json relative to /v1/docs/.
    const spec = await fetch(`${t.url}/v1/docs/json`);
    expect(spec.status).toBe(200);
    const shown = (await spec.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(shown.paths).sort()).toEqual(Object.keys(doc.paths).sort());
  });
});

describe('health', () => {
  it('GET /healthz answers 200 {"status":"ok"} without a signature', async () => {
    const res = await fetch(`${t.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('GET /readyz answers 200 {"status":"ready"} while the database answers', async () => {
    const res = await fetch(`${t.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready' });
  });

  it('GET /readyz answers 503 once the database is gone', async () => {
    const other = await startTestServer();
    try {
      await other.server.store.close();
      const res = await fetch(`${other.url}/readyz`);
      expect(res.status).toBe(503);
      expect((await fetch(`${other.url}/healthz`)).status).toBe(200);
    } finally {
      await other.close();
    }
  });
});
