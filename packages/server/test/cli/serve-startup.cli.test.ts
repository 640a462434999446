/**
 * `oichat serve` starting up and stopping as an operator runs it, and the credentials it prints
 * used against the API it serves: the BUILT CLI (dist/cli/main.js, so run `npm run build -w
 * @oichat/server` first) in child processes, against databases in temporary directories. Every
 * test has its own directory and processes, so they run concurrently (each CLI start costs about
 * half a second of CPU).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertCliBuilt,
  cleanUpCommands,
  createProject,
  run,
  serve,
  tempDb,
  tempDir,
  waitFor,
} from '../helpers/cli.js';
import { freePort } from '../helpers/webhook-receiver.js';
import { SignedClient, signDocumented } from '../helpers/signed-client.js';
import { expectAccepted, ID, listProjects, plainCredentials, printedCredentials } from '../helpers/cli-projects.js';

beforeAll(assertCliBuilt);
afterAll(cleanUpCommands);

describe.concurrent('oichat serve', () => {
  it('on a port already taken: exits 1 naming the port and --port, and creates no project whose secret it never printed', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      const { db } = await tempDb();
      const res = await run(['serve', '--port', String(port), '--database', db]);
      expect(res.code, res.stderr).toBe(1);
      expect(res.stderr).toContain(`127.0.0.1:${port} is already in use`);
      expect(res.stderr).toContain('--port');
      expect(res.stderr).not.toMatch(/secret key/);
      expect(await listProjects(db)).toEqual([]);
      // The next start, on a free port, is the first start: it creates the project and prints it.
      const s = await serve(['--port', '0', '--database', db]);
      expect(printedCredentials(s.err())).not.toBeNull();
    } finally {
      taken.close();
    }
  });

  it('on an empty database: prints where it listens, a new "default" project, an SDK config, and serves', async () => {
    const { db } = await tempDb();
    const s = await serve(['--port', '0', '--database', db]);
    expect(s.port).toBeGreaterThan(0);
    const out = s.err();
    expect(out).toMatch(/"default"/);
    const creds = printedCredentials(out);
    expect(creds).not.toBeNull();
    expect(creds!.project_id).toMatch(ID.project);
    expect(creds!.api_key).toMatch(ID.apiKey);
    expect(creds!.secret_key).toMatch(ID.secretKey);

    // A ready-to-paste SDK config with the same values and this server's URL.
    expect(out).toContain('@oichat/server-sdk');
    expect(out).toContain(`apiKey: "${creds!.api_key}"`);
    expect(out).toContain(`secretKey: "${creds!.secret_key}"`);
    expect(out).toContain(`projectId: "${creds!.project_id}"`);
    expect(out).toContain(`baseUrl: "${s.url}"`);

    const health = await fetch(`${s.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    await expectAccepted(s.url, creds!);

    expect(await s.stop()).toEqual({ code: 0, signal: null });
    const projects = await listProjects(db);
    expect(projects.map((p) => [p.project_id, p.name])).toEqual([[creds!.project_id, 'default']]);
  });

  it('on a database with a project: creates none, accepts its credentials, and never writes the secret in plain text (database, WAL, logs)', async () => {
    const { db } = await tempDb();
    const creds = await createProject(db);
    // At the most verbose log level, so that nothing a debugging operator turns on can leak it.
    const s = await serve(['--port', '0', '--database', db, '--log-level', 'trace']);
    expect(printedCredentials(s.err())).toBeNull();
    expect(s.err()).toContain(`database: ${db}\n`);
    expect(s.out()).not.toMatch(/sk_[0-9A-Za-z]{8}/);

    const client = new SignedClient(s.url, creds);
    const token = await client.post('/v1/auth/token', { user_id: 'alice', user_name: 'Alice' });
    expect(token.status, JSON.stringify(token.body)).toBe(200);
    const room = await client.post('/v1/rooms', { type: 'group', name: 'Support', participants: ['alice', 'agent-1'] });
    expect(room.status, JSON.stringify(room.body)).toBe(201);
    // A signature made with the secret, to look for in the logs too.
    const ts = Math.floor(Date.now() / 1000).toString();
    const signature = signDocumented(creds.secret_key, ts, 'GET', '/v1/rooms?user_id=alice', '');
    const listed = await client.get('/v1/rooms?user_id=alice', { timestamp: ts, signature });
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((r: { room_id: string }) => r.room_id)).toEqual([room.body.room_id]);

    const needles = [creds.secret_key, creds.secret_key.slice('sk_'.length)];
    expect(existsSync(`${db}-wal`)).toBe(true);
    // The search does find what is stored in plain text: the (public) api key and the room name.
    const stored = Buffer.concat([await readFile(db), await readFile(`${db}-wal`)]);
    expect(stored.includes(creds.api_key)).toBe(true);
    expect(stored.includes(room.body.room_id)).toBe(true);
    for (const file of [db, `${db}-wal`]) {
      const bytes = await readFile(file);
      for (const needle of needles) expect(bytes.includes(needle), `${needle} in ${file}`).toBe(false);
    }

    expect(await s.stop()).toEqual({ code: 0, signal: null });
    const logs = s.out() + s.err();
    // The logs record each request (docs/server.md, "Logs"): JSON lines that, found by the
    // response's X-Request-Id, give its method, URL, status and duration...
    const logLines = s
      .out()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l));
    const ofRequest = logLines.filter((l) => l.reqId === listed.headers.get('x-request-id'));
    expect(ofRequest.length).toBeGreaterThan(0);
    const merged = Object.assign({}, ...ofRequest);
    expect(merged.req).toMatchObject({ method: 'GET', url: '/v1/rooms?user_id=alice' });
    expect(merged.res).toMatchObject({ statusCode: 200 });
    expect(merged.responseTime).toBeTypeOf('number');
    // ...but neither the secret nor a signature made with it.
    for (const needle of [...needles, signature.slice('v1='.length)]) expect(logs).not.toContain(needle);
    for (const file of [db, `${db}-wal`].filter((f) => existsSync(f))) {
      const bytes = await readFile(file);
      for (const needle of needles) expect(bytes.includes(needle), `${needle} in ${file} after shutdown`).toBe(false);
    }
    expect((await listProjects(db)).map((p) => p.project_id)).toEqual([creds.project_id]);
  });

  it('honours the PORT and OICHAT_DATABASE environment variables', async () => {
    const { dir } = await tempDb();
    const envDb = join(dir, 'from-env', 'env.db');
    const port = await freePort();
    const s = await serve([], {
      env: { PORT: String(port), OICHAT_DATABASE: envDb, OICHAT_RATE_LIMIT: '2' },
      cwd: dir,
    });
    expect(s.port).toBe(port);
    expect(s.url).toBe(`http://127.0.0.1:${port}`);
    expect(existsSync(envDb)).toBe(true);
    expect(existsSync(join(dir, 'from-env', 'master.key'))).toBe(true);
    expect(existsSync(join(dir, '.oichat'))).toBe(false); // not the default database
    const creds = printedCredentials(s.err());
    expect(creds).not.toBeNull();
    await expectAccepted(s.url, creds!);
    // OICHAT_RATE_LIMIT=2: the third signed request within the minute is refused.
    await expectAccepted(s.url, creds!);
    const third = await new SignedClient(s.url, creds!).post('/v1/auth/token', { user_id: 'cli-user' });
    expect(third.status).toBe(429);
    expect(third.body.error.code).toBe('rate_limited');
    expect(await s.stop()).toEqual({ code: 0, signal: null });
  });

  it('lets --port, --database and --public-url win over the environment', async () => {
    const { dir, db } = await tempDb();
    const envDb = join(dir, 'env', 'env.db');
    const s = await serve(['--port', '0', '--database', db, '--public-url', 'https://chat.example.com/'], {
      env: { PORT: '1', OICHAT_DATABASE: envDb, OICHAT_PUBLIC_URL: 'https://env.example.com' },
      cwd: dir,
    });
    expect(s.port).not.toBe(1);
    expect(existsSync(db)).toBe(true);
    expect(existsSync(envDb)).toBe(false);
    // The SDK config and the tokens' issuer name the public URL (without its trailing slash).
    expect(s.err()).toContain('baseUrl: "https://chat.example.com"');
    const creds = printedCredentials(s.err())!;
    const token = await new SignedClient(s.url, creds).post('/v1/auth/token', { user_id: 'cli-user' });
    expect(token.status).toBe(200);
    const claims = JSON.parse(Buffer.from(token.body.token.split('.')[1], 'base64url').toString('utf8'));
    expect(claims.iss).toBe(`https://chat.example.com/v1/projects/${creds.project_id}`);
    expect(await s.stop()).toEqual({ code: 0, signal: null });
  });

  it('finishes a request in flight when SIGTERM arrives, then exits 0 promptly', async () => {
    const { db } = await tempDb();
    const creds = await createProject(db);
    const s = await serve(['--port', '0', '--database', db]);

    const path = '/v1/auth/token';
    const body = Buffer.from(JSON.stringify({ user_id: 'in-flight', user_name: 'x'.repeat(150) }));
    const ts = Math.floor(Date.now() / 1000).toString();
    const headers = {
      'content-type': 'application/json',
      'content-length': String(body.length),
      'x-oichat-project-id': creds.project_id,
      'x-oichat-api-key': creds.api_key,
      'x-oichat-timestamp': ts,
      'x-oichat-signature': signDocumented(creds.secret_key, ts, 'POST', path, body.toString('utf8')),
    };
    const answered = await new Promise<{ status: number; body: string }>((res, rej) => {
      const req = httpRequest(`${s.url}${path}`, { method: 'POST', headers, agent: false }, (r) => {
        let text = '';
        r.setEncoding('utf8').on('data', (c: string) => (text += c));
        r.on('end', () => res({ status: r.statusCode ?? 0, body: text }));
      });
      req.on('error', rej);
      // The headers and part of the body now; SIGTERM once the server has the request (it logs
      // "incoming request"); the rest of the body once it has begun shutting down.
      req.write(body.subarray(0, 40));
      waitFor('the server to log the request', () => s.out().includes(`"url":"${path}"`))
        .then(() => {
          s.child.kill('SIGTERM');
          return waitFor('the server to start shutting down', () => /shutting down/.test(s.out()));
        })
        .then(() => new Promise((r) => setTimeout(r, 200)))
        .then(() => req.end(body.subarray(40)), rej);
    });
    expect(answered.status, answered.body).toBe(200);
    expect(JSON.parse(answered.body).token).toBeTypeOf('string');
    expect(await s.exited).toEqual({ code: 0, signal: null });
    expect(s.err()).not.toMatch(/Assertion failed|Error/);
  });

  it('exits 0 on SIGINT (Ctrl-C), having shut down as for SIGTERM', async () => {
    const { db } = await tempDb();
    const s = await serve(['--port', '0', '--database', db]);
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
    expect(await s.stop('SIGINT'), s.err()).toEqual({ code: 0, signal: null });
    expect(s.out()).toMatch(/"signal":"SIGINT".*shutting down/);
    expect(s.err()).not.toMatch(/Assertion failed|Error/);
  });

  it('uses OICHAT_MASTER_KEY instead of a key file when it is set, and refuses a malformed one', async () => {
    const { db } = await tempDb();
    const env = { OICHAT_MASTER_KEY: 'ab'.repeat(32) };
    const creds = plainCredentials(
      JSON.parse((await run(['projects', 'create', '--name', 'k', '--database', db, '--json'], { env })).stdout),
    );
    expect(existsSync(join(dirname(db), 'master.key'))).toBe(false);
    const s = await serve(['--port', '0', '--database', db], { env });
    expect(existsSync(join(dirname(db), 'master.key'))).toBe(false);
    await expectAccepted(s.url, creds);
    expect(await s.stop()).toEqual({ code: 0, signal: null });

    const bad = await run(['projects', 'list', '--database', db], { env: { OICHAT_MASTER_KEY: 'too-short' } });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('OICHAT_MASTER_KEY');
  });

  it('requires --public-url with --redis (exit 2), and says when it cannot reach Redis (exit 1)', async () => {
    const dir = await tempDir();
    const noUrl = await run(['serve', '--port', '0', '--redis', 'redis://127.0.0.1:1'], { cwd: dir });
    expect(noUrl.code).toBe(2);
    expect(noUrl.stderr).toContain('--public-url (or OICHAT_PUBLIC_URL) is required with --redis');
    const unreachable = await run(
      ['serve', '--port', '0', '--redis', 'redis://:sekrit@127.0.0.1:1', '--public-url', 'http://chat.test'],
      { cwd: dir },
    );
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain('Cannot reach Redis at redis://:***@127.0.0.1:1');
    expect(unreachable.stderr).not.toContain('sekrit');
  });

  it('requires OICHAT_MASTER_KEY with a postgres:// database (exit 2), and says when it cannot reach one (exit 1)', async () => {
    const dir = await tempDir();
    const res = await run(['serve', '--port', '0', '--database', 'postgres://x'], { cwd: dir });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('OICHAT_MASTER_KEY is required with a PostgreSQL database');
    expect(res.stdout).not.toMatch(/listening/);
    const unreachable = await run(['serve', '--port', '0', '--database', 'postgres://u:hunter2@127.0.0.1:1/none'], {
      cwd: dir,
      env: { OICHAT_MASTER_KEY: 'ab'.repeat(32) },
    });
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain('Cannot reach the database postgres://u:***@127.0.0.1:1/none');
    expect(unreachable.stderr).not.toContain('hunter2');
  });
});

// Each test here runs the CLI several times over (about 15 s on an idle machine); allow for a busy one.
