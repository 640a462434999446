/**
 * `oichat webhooks create|list|update|delete|rotate-secret` as a user runs them: the BUILT CLI
 * (dist/cli/main.js, so run `npm run build -w @oichat/server` first) in child processes, on a
 * SQLite database in a temporary directory. Each prints JSON; bad flags exit 2 naming the flag.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertCliBuilt, CLI, cliEnv } from '../helpers/cli.js';

let dir: string;
let db: string;
let projectId: string;

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], env: Record<string, string> = {}): Promise<RunResult> {
  return new Promise((res) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd: dir, env: cliEnv(env), timeout: 15_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
        res({ code, stdout, stderr });
      },
    );
  });
}

/** Runs `oichat webhooks …` on the test project and database. */
const webhooks = (sub: string, ...args: string[]) =>
  run(['webhooks', sub, '--project', projectId, '--database', db, ...args]);

/**
 * A command that must succeed: the API's answer in the one JSON value it prints, which also
 * names the database (a list's items under `data`).
 */
async function ok(result: RunResult | Promise<RunResult>): Promise<any> {
  const res = await result;
  expect(res.code, res.stderr).toBe(0);
  expect(res.stderr).toBe('');
  const { database, ...answer } = JSON.parse(res.stdout);
  expect(database).toBe(db);
  return Object.keys(answer).length === 1 && Array.isArray(answer.data) ? answer.data : answer;
}

beforeAll(async () => {
  assertCliBuilt();
  dir = await mkdtemp(join(tmpdir(), 'oichat-webhooks-cli-'));
  db = join(dir, 'data', 'oichat.db');
  const created = await run(['projects', 'create', '--name', 'acme', '--database', db, '--json']);
  expect(created.code, created.stderr).toBe(0);
  projectId = (JSON.parse(created.stdout) as { project_id: string }).project_id;
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('oichat webhooks', () => {
  it('create, list, update, rotate-secret and delete print their results as JSON', async () => {
    const created = await ok(
      webhooks(
        'create',
        '--url',
        'https://example.com/hooks',
        '--event-types',
        'message.created,room.created',
        '--description',
        'bot',
      ),
    );
    expect(created).toMatchObject({
      url: 'https://example.com/hooks',
      description: 'bot',
      event_types: ['message.created', 'room.created'],
      enabled: true,
      disabled_reason: null,
    });
    expect(created.endpoint_id).toMatch(/^we_[0-9A-Za-z]+$/);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
    const id: string = created.endpoint_id;

    // --json prints one line; without it the same JSON, indented.
    const listedRun = await webhooks('list', '--json');
    expect(listedRun.stdout.trimEnd().split('\n')).toHaveLength(1);
    const { secret: _secret, ...shown } = created;
    expect(await ok(listedRun)).toEqual([shown]);
    expect(listedRun.stdout).not.toContain(created.secret);

    const disabled = await ok(
      webhooks('update', '--endpoint', id, '--disable', '--event-types', 'all', '--url', 'https://example.com/v2'),
    );
    expect(disabled).toMatchObject({
      endpoint_id: id,
      enabled: false,
      event_types: null,
      url: 'https://example.com/v2',
      description: 'bot',
    });
    expect(disabled).not.toHaveProperty('secret');
    const enabled = await ok(webhooks('update', '--endpoint', id, '--enable', '--description', 'support bot'));
    expect(enabled).toMatchObject({ enabled: true, description: 'support bot', url: 'https://example.com/v2' });

    const before = Date.now();
    const rotated = await ok(webhooks('rotate-secret', '--endpoint', id));
    const after = Date.now();
    expect(Object.keys(rotated).sort()).toEqual(['previous_secret_expires_at', 'secret']);
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(created.secret);
    // The old secret signs for 24 hours from the moment of the rotation.
    const expires = Date.parse(rotated.previous_secret_expires_at);
    expect(expires).toBeGreaterThanOrEqual(before + 24 * 3600_000);
    expect(expires).toBeLessThanOrEqual(after + 24 * 3600_000);

    expect(await ok(webhooks('delete', '--endpoint', id))).toEqual({ deleted: true });
    expect(await ok(webhooks('list'))).toEqual([]);
  }, 60_000);

  it.each([
    [['create', '--url', 'https://example.com/x', '--event-types', 'message.exploded'], '--event-types'],
    // One name everywhere: the API's event_types is --event-types; --events says so.
    [['create', '--url', 'https://example.com/x', '--events', 'message.created'], '--event-types'],
    [['update', '--endpoint', 'we_x', '--events', 'all'], '--event-types'],
    [['create'], '--url'],
    [['update', '--url', 'https://example.com/x'], '--endpoint'],
    [['delete'], '--endpoint'],
    [['rotate-secret'], '--endpoint'],
  ])('webhooks %j exits 2 with a message naming %s, and changes nothing', async (args, flag) => {
    const [sub, ...rest] = args as [string, ...string[]];
    const res = await webhooks(sub, ...rest);
    expect(res.code, res.stderr).toBe(2);
    expect(res.stderr.split('\n')[0]).toContain(flag);
    expect(res.stdout).toBe('');
    expect(await ok(webhooks('list'))).toEqual([]);
  });

  it('exits 2 without --project, naming it, and 1 for an unknown project (as keys rotate does)', async () => {
    const missing = await run(['webhooks', 'list', '--database', db]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--project');
    const unknown = await run(['webhooks', 'list', '--project', 'proj_doesnotexist', '--database', db]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('proj_doesnotexist');
  });

  it('exits 1 with the reason for what the API would refuse: a bad URL, an unknown endpoint', async () => {
    const badUrl = await webhooks('create', '--url', 'ftp://example.com/x');
    expect(badUrl.code).toBe(1);
    expect(badUrl.stderr).toMatch(/^oichat: url: /);
    const privateUrl = await webhooks('create', '--url', 'http://127.0.0.1:9/x');
    expect(privateUrl.code).toBe(1);
    expect(privateUrl.stderr).toMatch(/^oichat: url: /);
    // Allowed when the operator says so, as for the server.
    const allowed = await run(
      ['webhooks', 'create', '--project', projectId, '--database', db, '--url', 'http://127.0.0.1:9/x'],
      {
        OICHAT_WEBHOOKS_ALLOW_PRIVATE: '1',
      },
    );
    expect(allowed.code, allowed.stderr).toBe(0);
    const { endpoint_id } = JSON.parse(allowed.stdout);
    await ok(webhooks('delete', '--endpoint', endpoint_id));

    const unknown = await webhooks('delete', '--endpoint', 'we_doesnotexist');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('we_doesnotexist');
    expect(unknown.stdout).toBe('');
  });
});
