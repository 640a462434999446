/**
 * The `oichat` command as a user runs it: the BUILT CLI (dist/cli/main.js, so run
 * `npm run build -w @oichat/server` first) in child processes, against databases in temporary
 * directories, and the credentials it prints used against the API it serves.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertCliBuilt,
  CLI,
  cleanUpCommands,
  createProject,
  run,
  serve,
  tempDb,
  tempDir,
  waitFor,
} from '../helpers/cli.js';
import { freePort } from '../helpers/webhook-receiver.js';
import { SignedClient, signDocumented, type Credentials } from '../helpers/signed-client.js';

const ID = {
  project: /^proj_[0-9A-Za-z]+$/,
  apiKey: /^ak_live_[0-9A-Za-z]+$/,
  secretKey: /^sk_[0-9A-Za-z]+$/,
};

beforeAll(assertCliBuilt);
afterAll(cleanUpCommands);

/** Parses the credentials block `serve` prints for a project it created. */
function printedCredentials(out: string): Credentials | null {
  const project_id = /project id:\s+(\S+)/.exec(out)?.[1];
  const api_key = /api key:\s+(\S+)/.exec(out)?.[1];
  const secret_key = /secret key:\s+(\S+)/.exec(out)?.[1];
  return project_id && api_key && secret_key ? { project_id, api_key, secret_key } : null;
}

async function listProjects(
  db: string,
): Promise<{ project_id: string; name: string; api_keys: { api_key: string; expires_at: string | null }[] }[]> {
  const res = await run(['projects', 'list', '--database', db, '--json']);
  expect(res.code, res.stderr).toBe(0);
  const listed = JSON.parse(res.stdout);
  expect(listed.database).toBe(db);
  return listed.data;
}

/** A signed call that must succeed: proves the credentials are accepted by the server. */
async function expectAccepted(url: string, creds: Credentials): Promise<void> {
  const res = await new SignedClient(url, creds).post('/v1/auth/token', { user_id: 'cli-user' });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body.token).toBeTypeOf('string');
}

const plainCredentials = (o: Credentials): Credentials => ({
  project_id: o.project_id,
  api_key: o.api_key,
  secret_key: o.secret_key,
});

// ---------------------------------------------------------------------------------------------
// Every test has its own directory and processes, so they run concurrently (each CLI start costs
// about half a second of CPU).

describe.concurrent('oichat projects', () => {
  it('create --json prints exactly one JSON line with the new credentials, and makes a 0600 master.key', async () => {
    const { db } = await tempDb();
    const res = await run(['projects', 'create', '--name', 'Acme Support', '--database', db, '--json']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout.endsWith('\n')).toBe(true);
    const lines = res.stdout.split('\n');
    expect(lines).toHaveLength(2); // one line, then the final newline
    expect(lines[1]).toBe('');
    const created = JSON.parse(lines[0]!);
    expect(Object.keys(created).sort()).toEqual(['api_key', 'database', 'project_id', 'secret_key']);
    expect(created.database).toBe(db);
    expect(created.project_id).toMatch(ID.project);
    expect(created.api_key).toMatch(ID.apiKey);
    expect(created.secret_key).toMatch(ID.secretKey);
    expect(existsSync(db)).toBe(true);

    const keyFile = join(dirname(db), 'master.key');
    expect(existsSync(keyFile)).toBe(true);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    // Neither the secret nor the master key goes into the database.
    const key = (await readFile(keyFile, 'utf8')).trim();
    const dbBytes = await readFile(db);
    expect(dbBytes.includes(key)).toBe(false);
    expect(dbBytes.includes(created.secret_key.slice('sk_'.length))).toBe(false);
  });

  it('create without --name (or with a blank one) exits 2 naming --name, and creates nothing', async () => {
    const { db } = await tempDb();
    for (const args of [[], ['--name', '   ']]) {
      const res = await run(['projects', 'create', ...args, '--database', db, '--json']);
      expect(res.code, `args ${JSON.stringify(args)}`).toBe(2);
      expect(res.stderr).toContain('--name');
      expect(res.stdout).toBe('');
    }
    expect(existsSync(db)).toBe(false);
  });

  it('list --json lists each project with its api key, and no secret anywhere', async () => {
    const { db } = await tempDb();
    const a = await createProject(db, 'first');
    const key = await readFile(join(dirname(db), 'master.key'), 'utf8');
    const b = await createProject(db, 'second');
    // The master key is made once and kept.
    expect(await readFile(join(dirname(db), 'master.key'), 'utf8')).toBe(key);
    expect(b.project_id).not.toBe(a.project_id);
    expect(b.api_key).not.toBe(a.api_key);
    expect(b.secret_key).not.toBe(a.secret_key);

    const res = await run(['projects', 'list', '--database', db, '--json']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout.trimEnd().split('\n')).toHaveLength(1);
    const { database, data: projects } = JSON.parse(res.stdout);
    expect(database).toBe(db);
    expect(projects).toHaveLength(2);
    const byId = Object.fromEntries(projects.map((p: { project_id: string }) => [p.project_id, p]));
    expect(byId[a.project_id]).toMatchObject({
      name: 'first',
      api_keys: [expect.objectContaining({ api_key: a.api_key, expires_at: null })],
    });
    expect(byId[b.project_id]).toMatchObject({
      name: 'second',
      api_keys: [expect.objectContaining({ api_key: b.api_key, expires_at: null })],
    });

    const human = await run(['projects', 'list', '--database', db]);
    expect(human.code).toBe(0);
    expect(human.stdout.split('\n')[0]).toBe(`database: ${db}`);
    expect(human.stdout).toContain(a.project_id);
    expect(human.stdout).toContain(a.api_key);
    for (const output of [res.stdout, res.stderr, human.stdout, human.stderr]) {
      for (const secret of [a.secret_key, b.secret_key]) {
        expect(output).not.toContain(secret);
        expect(output).not.toContain(secret.slice('sk_'.length));
      }
      expect(output).not.toMatch(/sk_[0-9A-Za-z]{8}/);
      expect(output).not.toMatch(/secret/i);
    }
  });
});

describe.concurrent('oichat serve', () => {
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
describe.concurrent('oichat keys rotate', { timeout: 60_000 }, () => {
  it('issues new credentials; old and new keys both work during the grace period; grace 0 revokes the old at once', async () => {
    const { db } = await tempDb();
    const original = await createProject(db);
    const s = await serve(['--port', '0', '--database', db]);
    await expectAccepted(s.url, original);

    // Rotated while the server runs, as a deployment would.
    const before = Date.now();
    const res = await run(['keys', 'rotate', '--project', original.project_id, '--database', db, '--json']);
    const after = Date.now();
    expect(res.code, res.stderr).toBe(0);
    const lines = res.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const rotated = JSON.parse(lines[0]!);
    expect(rotated.project_id).toBe(original.project_id);
    expect(rotated.api_key).toMatch(ID.apiKey);
    expect(rotated.secret_key).toMatch(ID.secretKey);
    expect(rotated.api_key).not.toBe(original.api_key);
    expect(rotated.secret_key).not.toBe(original.secret_key);
    // Default grace: 24 hours from the moment it ran.
    const expires = Date.parse(rotated.previous_keys_expire_at);
    expect(expires).toBeGreaterThanOrEqual(before + 24 * 3600_000);
    expect(expires).toBeLessThanOrEqual(after + 24 * 3600_000);

    const renewed = plainCredentials(rotated);
    await expectAccepted(s.url, renewed);
    await expectAccepted(s.url, original);

    // The old api key is listed with its expiry, the new one as current.
    const [project] = await listProjects(db);
    const keys = Object.fromEntries(project!.api_keys.map((k) => [k.api_key, k.expires_at]));
    expect(keys[renewed.api_key]).toBeNull();
    expect(keys[original.api_key]).toBe(rotated.previous_keys_expire_at);

    const revoke = await run([
      'keys',
      'rotate',
      '--project',
      original.project_id,
      '--database',
      db,
      '--grace-hours',
      '0',
      '--json',
    ]);
    expect(revoke.code, revoke.stderr).toBe(0);
    const newest = plainCredentials(JSON.parse(revoke.stdout));
    await expectAccepted(s.url, newest);
    for (const old of [original, renewed]) {
      const denied = await new SignedClient(s.url, old).post('/v1/auth/token', { user_id: 'cli-user' });
      expect(denied.status).toBe(401);
      expect(denied.body.error.code).toBe('invalid_api_key');
    }
    expect(await s.stop()).toEqual({ code: 0, signal: null });
    for (const output of [s.out(), s.err(), revoke.stderr]) expect(output).not.toContain(newest.secret_key);
  });

  it('takes its default grace period from OICHAT_KEY_GRACE_HOURS', async () => {
    const { db } = await tempDb();
    const created = await createProject(db);
    const before = Date.now();
    const res = await run(['keys', 'rotate', '--project', created.project_id, '--database', db, '--json'], {
      env: { OICHAT_KEY_GRACE_HOURS: '2' },
    });
    const after = Date.now();
    expect(res.code, res.stderr).toBe(0);
    const expires = Date.parse(JSON.parse(res.stdout).previous_keys_expire_at);
    expect(expires).toBeGreaterThanOrEqual(before + 2 * 3600_000);
    expect(expires).toBeLessThanOrEqual(after + 2 * 3600_000);
  });

  it('exits 1 for an unknown project, naming it', async () => {
    const { db } = await tempDb();
    const res = await run(['keys', 'rotate', '--project', 'proj_doesnotexist', '--database', db, '--json']);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('proj_doesnotexist');
    expect(res.stdout).toBe('');
  });

  it('exits 2 without --project or with a bad --grace-hours', async () => {
    const { db } = await tempDb();
    const missing = await run(['keys', 'rotate', '--database', db]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--project');
    for (const grace of ['-1', 'soon']) {
      const bad = await run(['keys', 'rotate', '--project', 'proj_x', '--database', db, '--grace-hours', grace]);
      expect(bad.code, `--grace-hours ${grace}`).toBe(2);
      expect(bad.stderr).toContain('--grace-hours');
    }
  });
});

describe.concurrent('command line errors', () => {
  it.each([
    [['projects', 'list', '--bogus'], '--bogus'],
    [['projects', 'remove'], 'projects remove'],
    [['serve', '--port', 'eighty'], '--port'],
  ])('%j exits 2 with a message naming %s', async (args, named) => {
    const dir = await tempDir();
    const res = await run([...args, '--database', join(dir, 'x.db')], { cwd: dir });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(named);
    expect(res.stdout).not.toMatch(/listening/);
  });
});

/** A Node.js older than 22 on this machine (Debian's, here), to check the CLI refuses it clearly. */
const OLD_NODE = ['/usr/bin/node', '/usr/local/bin/node'].find((path) => {
  if (!existsSync(path)) return false;
  const major = Number(
    spawnSync(path, ['-p', 'process.versions.node.split(".")[0]'], { encoding: 'utf8' }).stdout.trim(),
  );
  return major > 0 && major < 22;
});
if (!OLD_NODE) console.log('[oichat] skipping the old-Node CLI test: no Node.js older than 22 on this machine');

describe.skipIf(!OLD_NODE)('on a Node.js older than 22', () => {
  it('oichat serve exits 1 saying which Node.js it needs, instead of crashing', async () => {
    const dir = await tempDir();
    const res = spawnSync(OLD_NODE!, [CLI, 'serve', '--port', '0', '--database', join(dir, 'x.db')], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 15_000,
    });
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(/^oichat: needs Node\.js 22 or newer; this is v\d+/);
    expect(existsSync(join(dir, 'x.db'))).toBe(false);
  });
});
