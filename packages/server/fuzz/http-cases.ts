// HTTP requests generated from the served OpenAPI document: for each operation, its path and
// query parameters and its JSON body get valid, boundary or invalid values (values.ts), the body
// is sometimes not JSON at all, and the request is sent with a valid signature (v2, sometimes the
// deprecated v1) or user token, or with a missing, forged, stale or replayed one.
import { createHash, createHmac, randomUUID } from 'node:crypto';
import type { Credentials } from './target.ts';
import { HOSTILE_STRINGS, type Kind, type Known, type Rng, type Schema, ValueMaker } from './values.ts';

interface Parameter {
  in: 'path' | 'query' | 'header';
  name: string;
  required?: boolean;
  schema: Schema;
}

export interface Operation {
  method: string;
  /** The template, e.g. /v1/rooms/{room_id}. */
  path: string;
  parameters: Parameter[];
  body: Schema | null;
  auth: 'backend' | 'user' | 'none';
}

export interface FuzzRequest {
  /** METHOD and the path template: what a finding is grouped by. */
  operation: string;
  method: string;
  /** Path and query, as sent. */
  target: string;
  headers: Record<string, string>;
  body: string | undefined;
  /** How it was authenticated, and which kinds of values it carries: for the report. */
  auth: string;
  kind: Kind;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: any; security?: unknown[] }>>;
}

/** Every operation of the document; the signature headers are the fuzzer's to set, not parameters. */
export function operationsOf(doc: OpenApiDocument): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const parameters = (op.parameters ?? []).filter((p) => p.in !== 'header');
      const user = op.security?.some((s) => typeof s === 'object' && s !== null && 'userToken' in s);
      const auth = user ? 'user' : Array.isArray(op.security) && op.security.length === 0 ? 'none' : 'backend';
      ops.push({
        method: method.toUpperCase(),
        path,
        parameters,
        body: op.requestBody?.content?.['application/json']?.schema ?? null,
        auth,
      });
    }
  }
  return ops;
}

/** What the server under test holds, to aim valid values at things that exist. */
export interface Pool {
  users: string[];
  rooms: string[];
  endpoints: string[];
  tokens: string[];
  events: string[];
}

/** Webhook URLs, valid or not, that never name a host off this machine. */
const SAFE_URLS = [
  'http://127.0.0.1:9/hook',
  'http://[::1]:9/hook',
  `http://127.0.0.1:9/${'a'.repeat(2020)}`,
  `http://127.0.0.1:9/${'a'.repeat(2100)}`,
  'ftp://127.0.0.1/hook',
  'not a url',
  'http://',
  'http://[::1',
  'http://localhost./x',
  'http://127.0.0.1:99999/x',
  'javascript:alert(1)',
  '',
];

function sign(secret: string, lines: string[]): string {
  return createHmac('sha256', secret).update(lines.join('\n')).digest('hex');
}
/** Lone surrogates replaced by U+FFFD (String.prototype.toWellFormed, which the configured lib does not type). */
const wellFormed = (s: string) => (s as string & { toWellFormed(): string }).toWellFormed();
const sha256 = (body: string) => createHash('sha256').update(body).digest('hex');

/** A valid signed POST (v2) for setting up the server; throws unless it succeeds. */
export async function signedPost(url: string, c: Credentials, path: string, body: unknown): Promise<any> {
  const text = JSON.stringify(body);
  const ts = String(Math.floor(Date.now() / 1000));
  const nonce = randomUUID();
  const res = await fetch(url + path, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-oichat-project-id': c.project_id,
      'x-oichat-api-key': c.api_key,
      'x-oichat-timestamp': ts,
      'x-oichat-nonce': nonce,
      'x-oichat-signature': `v2=${sign(c.secret_key, ['v2', ts, nonce, 'POST', path, '', sha256(text)])}`,
    },
    body: text,
  });
  const answer = await res.text();
  if (!res.ok) throw new Error(`setup POST ${path} answered ${res.status}: ${answer}`);
  return JSON.parse(answer);
}

export class RequestMaker {
  readonly #values: ValueMaker;
  readonly #revoke: ValueMaker;
  /** Recent valid v2 requests, to send again as replays. */
  readonly #sent: FuzzRequest[] = [];

  private readonly rng: Rng;
  private readonly operations: Operation[];
  private readonly pool: Pool;
  private readonly credentials: Credentials;

  constructor(rng: Rng, operations: Operation[], pool: Pool, credentials: Credentials) {
    this.rng = rng;
    this.operations = operations;
    this.pool = pool;
    this.credentials = credentials;
    const known: Known = {
      get room_id() {
        return pool.rooms;
      },
      get user_id() {
        return pool.users;
      },
      get sender_id() {
        return [...pool.users, 'system'];
      },
      get 'participants[]'() {
        return pool.users;
      },
      get endpoint_id() {
        return pool.endpoints;
      },
      get token() {
        return pool.tokens;
      },
      get event_id() {
        return pool.events;
      },
      project_id: [credentials.project_id],
      seq: [0, 1, 2, 3, 10],
      after: [0, 1, 5],
      before: [1, 5, 100],
      channel: ['orders', 'a/b', 'ch'],
    };
    this.#values = new ValueMaker(rng, known, { url: SAFE_URLS });
    // Revoking the users whose tokens the fuzzer holds would leave it nothing but 401s to send.
    this.#revoke = new ValueMaker(
      rng,
      { ...known, user_id: ['fuzz-revoked', pool.users[0] ?? 'x'] },
      { url: SAFE_URLS },
    );
  }

  next(): FuzzRequest {
    if (this.#sent.length > 0 && this.rng.chance(0.02)) return { ...this.rng.pick(this.#sent), auth: 'replayed' };
    const op = this.rng.pick(this.operations);
    const kind: Kind = this.rng.pick(['valid', 'valid', 'boundary', 'invalid']);
    let path = op.path;
    const query: string[] = [];
    // At most one parameter or the body gets the request's kind; the rest stay valid.
    const slots = [...op.parameters.map((p) => p.name), ...(op.body ? ['(body)'] : [])];
    const aimed = kind === 'valid' ? null : this.rng.pick(slots.length > 0 ? slots : ['(none)']);
    for (const p of op.parameters) {
      const k: Kind = p.name === aimed ? kind : 'valid';
      if (p.in === 'query' && !p.required && k === 'valid' && this.rng.chance(0.5)) continue;
      if (p.in === 'path' && k === 'invalid' && this.rng.chance(0.3)) {
        // Raw bytes a client may put in a path, not encoded by us.
        path = path.replace(`{${p.name}}`, this.rng.pick(['%', '%zz', '%00', '..%2F..', '%C0%AF', '%FF%FE', 'a%20b']));
        continue;
      }
      // A lone surrogate cannot be percent-encoded; broken UTF-8 comes in through the raw paths above.
      const value = wellFormed(String(this.#values.make(p.schema, k, p.name)));
      if (p.in === 'path') path = path.replace(`{${p.name}}`, encodeURIComponent(value));
      else query.push(`${encodeURIComponent(p.name)}=${encodeURIComponent(value)}`);
    }
    if (aimed !== null && aimed !== '(body)' && kind === 'invalid' && this.rng.chance(0.2)) query.push('unknown=1');
    const target = query.length > 0 ? `${path}?${query.join('&')}` : path;

    const headers: Record<string, string> = { accept: 'application/json' };
    let body: string | undefined;
    // A stray body on a request that takes none (fetch cannot send one with GET).
    if (op.body || (op.method !== 'GET' && this.rng.chance(0.05))) {
      body = this.#body(op.body ?? {}, aimed === '(body)' ? kind : 'valid', op.path === '/v1/auth/revoke');
      headers['content-type'] = this.rng.chance(0.03)
        ? this.rng.pick(['text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1'])
        : 'application/json';
    }
    const request: FuzzRequest = {
      operation: `${op.method} ${op.path}`,
      method: op.method,
      target,
      headers,
      body,
      auth: '',
      kind,
    };
    request.auth = this.#authenticate(op, request);
    if (request.auth === 'v2' && this.#sent.length < 200) this.#sent.push(request);
    else if (request.auth === 'v2') this.#sent[this.rng.int(0, 199)] = request;
    return request;
  }

  #body(schema: Schema, kind: Kind, revoke: boolean): string {
    if (kind === 'invalid' && this.rng.chance(0.25)) {
      return this.rng.pick([
        '',
        '{',
        'not json',
        'null',
        '[]',
        '"text"',
        '{"a":1,"a":2}',
        `{"x":"${'\\ud800'}"}`,
        '['.repeat(5000),
        `{"big":"${'x'.repeat(1024 * 1024 + 10)}"}`,
        JSON.stringify(Array.from({ length: 100_000 }, (_, i) => i)),
      ]);
    }
    return JSON.stringify((revoke ? this.#revoke : this.#values).make(schema, kind, ''));
  }

  /** Sets the credentials of one request; returns how it is authenticated. */
  #authenticate(op: Operation, r: FuzzRequest): string {
    if (op.auth === 'none') return 'none';
    if (op.auth === 'user') {
      const mode = this.rng.pick(['token', 'token', 'token', 'token', 'token', 'token', 'none', 'garbage', 'forged']);
      const token = this.rng.pick(this.pool.tokens.length > 0 ? this.pool.tokens : ['x.y.z']);
      if (mode === 'token') r.headers.authorization = `Bearer ${token}`;
      if (mode === 'garbage')
        r.headers.authorization = this.rng.pick(['Bearer', 'Bearer x', 'Basic abc', `Bearer ${'a'.repeat(9000)}`]);
      if (mode === 'forged') r.headers.authorization = `Bearer ${token.slice(0, -4)}AAAA`;
      return mode;
    }
    const c = this.credentials;
    const mode = this.rng.pick([
      'v2',
      'v2',
      'v2',
      'v2',
      'v2',
      'v2',
      'v2',
      'v2',
      'v1',
      'none',
      'forged',
      'stale',
      'malformed',
    ]);
    if (r.method === 'POST' && this.rng.chance(0.7)) {
      r.headers['idempotency-key'] = this.rng.chance(0.9)
        ? randomUUID()
        : this.rng.pick(['x'.repeat(256), 'has space', 'ü']);
    }
    if (mode === 'none') return mode;
    const ts = String(Math.floor(Date.now() / 1000) + (mode === 'stale' ? this.rng.pick([-301, 400, -100_000]) : 0));
    const nonce = randomUUID();
    const bodyHash = sha256(r.body ?? '');
    Object.assign(r.headers, {
      'x-oichat-project-id': c.project_id,
      'x-oichat-api-key': c.api_key,
      'x-oichat-timestamp': ts,
    });
    if (mode === 'v1') {
      r.headers['x-oichat-signature'] = `v1=${sign(c.secret_key, ['v1', ts, r.method, r.target, bodyHash])}`;
      return mode;
    }
    r.headers['x-oichat-nonce'] = nonce;
    const key = r.headers['idempotency-key'] ?? '';
    r.headers['x-oichat-signature'] =
      mode === 'forged'
        ? `v2=${'0'.repeat(64)}`
        : `v2=${sign(c.secret_key, ['v2', ts, nonce, r.method, r.target, key, bodyHash])}`;
    if (mode === 'malformed') {
      const [header, value] = this.rng.pick([
        ['x-oichat-timestamp', 'yesterday'],
        ['x-oichat-nonce', 'short'],
        ['x-oichat-signature', 'v3=abc'],
        ['x-oichat-project-id', this.rng.pick(HOSTILE_STRINGS.filter((s) => /^[\x21-\x7e]+$/.test(s)))],
        ['x-oichat-api-key', 'ak_live_nope'],
      ] as const);
      r.headers[header] = value;
    }
    return mode;
  }
}
