/**
 * What the `oichat` command tells the person running it: which database each command opened
 * (absolute, a password masked, "new" when it made one), a start banner apart from the JSON log
 * stream with one "listening" line, 4xx/5xx log lines that carry the error code and request id,
 * and a mistyped flag or command named with the closest real one, followed by the usage.
 */
import { spawn, spawnSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertCliBuilt, CLI, cliEnv } from '../helpers/cli.js';

let dir: string;
beforeAll(async () => {
  assertCliBuilt();
  dir = realpathSync(await mkdtemp(join(tmpdir(), 'oichat-cli-output-')));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function oichat(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: opts.cwd ?? dir,
    env: cliEnv(opts.env),
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the database a command opened', () => {
  it('is printed by projects create and list, by its absolute path, "new" when the command made it', async () => {
    // A user in another directory than the server's, with the default (relative) database.
    const elsewhere = join(dir, 'packages', 'server');
    const expected = join(elsewhere, '.oichat', 'oichat.db');
    await mkdir(elsewhere, { recursive: true });
    const created = oichat(['projects', 'create', '--name', 'X'], { cwd: elsewhere });
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain(`database: ${expected} (new: this command created it)`);

    const again = oichat(['projects', 'create', '--name', 'Y', '--json'], { cwd: elsewhere });
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).database).toBe(expected);

    const listed = oichat(['projects', 'list'], { cwd: elsewhere });
    expect(listed.stdout.split('\n')[0]).toBe(`database: ${expected}`);
    const listedJson = JSON.parse(oichat(['projects', 'list', '--json'], { cwd: elsewhere }).stdout);
    expect(listedJson.database).toBe(expected);
    expect(listedJson.data.map((p: { name: string }) => p.name).sort()).toEqual(['X', 'Y']);
  });

  it('is printed by keys rotate and the webhooks commands, and named when a project is not in it', () => {
    const db = join(dir, 'keys', 'oichat.db');
    const { project_id } = JSON.parse(oichat(['projects', 'create', '--name', 'k', '--database', db, '--json']).stdout);
    const rotated = oichat(['keys', 'rotate', '--project', project_id, '--database', db]);
    expect(rotated.stdout).toContain(`database: ${db}\n`);
    expect(
      JSON.parse(oichat(['keys', 'rotate', '--project', project_id, '--database', db, '--json']).stdout),
    ).toMatchObject({
      database: db,
    });
    const hooks = oichat(['webhooks', 'list', '--project', project_id, '--database', db, '--json']);
    expect(JSON.parse(hooks.stdout)).toEqual({ database: db, data: [] });

    const missing = oichat(['keys', 'rotate', '--project', 'proj_elsewhere', '--database', db]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`project proj_elsewhere was not found in ${db}`);
    const missingHooks = oichat(['webhooks', 'list', '--project', 'proj_elsewhere', '--database', db]);
    expect(missingHooks.code).toBe(1);
    expect(missingHooks.stderr).toContain(`(database: ${db})`);
  });

  it('is a PostgreSQL URL shown with its password masked', () => {
    const res = oichat(['projects', 'list', '--database', 'postgres://app:hunter2@127.0.0.1:1/none'], {
      env: { OICHAT_MASTER_KEY: 'ab'.repeat(32) },
    });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('postgres://app:***@127.0.0.1:1/none');
    expect(res.stdout + res.stderr).not.toContain('hunter2');
  });
});

describe('oichat serve output', () => {
  it('keeps stdout to JSON log records, the banner on stderr, one "listening" line, and error codes on 4xx lines', async () => {
    const db = join(dir, 'serve', 'oichat.db');
    const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--database', db], {
      cwd: dir,
      env: cliEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const exited = new Promise((res) => child.on('close', res));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const check = () => {
          const m = /listening on (http:\/\/\S+)/.exec(stderr);
          // The banner is one write; the SDK snippet closes it.
          if (m && stderr.includes('});')) resolve(m[1]!);
        };
        child.stderr.on('data', check);
        child.once('exit', (code) => reject(new Error(`serve exited ${code}:\n${stdout}\n${stderr}`)));
      });
      const denied = await fetch(`${url}/v1/rooms?user_id=a`, { headers: { 'x-request-id': 'bug-report-42' } });
      expect(denied.status).toBe(401);
      const { error } = (await denied.json()) as { error: { code: string; request_id: string } };
      expect(error.request_id).toBe('bug-report-42');
      // A marker request after it: once its line is there, the 401's line is too.
      await fetch(`${url}/healthz`, { headers: { 'x-request-id': 'marker' } });
      while (!stdout.includes('"reqId":"marker","res"')) await new Promise((r) => setTimeout(r, 20));

      const records = stdout
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, any>);
      const started = records.filter((r) => r.msg === 'server started');
      expect(started).toHaveLength(1);
      expect(started[0]).toMatchObject({ url, database: db, version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
      const completed = records.find((r) => r.reqId === 'bug-report-42' && r.res);
      expect(completed?.res).toEqual({ statusCode: 401, error_code: error.code });

      expect(stderr.split('\n')[0]).toBe(`OiChat server ${started[0]!.version} listening on ${url}`);
      expect(stderr).toContain(`database: ${db} (new: this command created it)`);
      expect(stderr).not.toMatch(/^\{/m);
      const listening = `${stdout}\n${stderr}`.split('\n').filter((l) => /listening/i.test(l));
      expect(listening).toHaveLength(1);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });
});

describe('a mistyped command line', () => {
  it.each([
    [['serve', '--prot', '8080'], 'unknown flag --prot (did you mean --port?)'],
    [['projects', 'create', '--nmae', 'X'], 'unknown flag --nmae (did you mean --name?)'],
    [['projects', 'list', '--bogus'], 'unknown flag --bogus'],
    [['serv'], 'unknown command "serv" (did you mean serve?)'],
    [['projects', 'lsit'], 'unknown command "projects lsit" (did you mean projects list?)'],
    [['webhooks', 'delet', '--project', 'p'], 'unknown command "webhooks delet" (did you mean webhooks delete?)'],
    [['serve', '--port'], 'flag --port needs a value, as in --port VALUE.'],
    [['projects', 'list', '--json=yes'], 'flag --json takes no value.'],
  ])('%j says "%s", then prints the usage, and exits 2', (args, said) => {
    const res = oichat([...args, '--database', join(dir, 'never.db')]);
    expect(res.code).toBe(2);
    expect(res.stderr.split('\n')[0]).toBe(`oichat: ${said}`);
    expect(res.stderr).toContain('Usage:\n  oichat serve');
    expect(res.stdout).toBe('');
  });
});
