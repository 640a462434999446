/**
 * `oichat projects create` and `list` as an operator runs them: the BUILT CLI (dist/cli/main.js,
 * so run `npm run build -w @oichat/server` first) in child processes, against databases in
 * temporary directories. Every test has its own directory and processes, so they run concurrently
 * (each CLI start costs about half a second of CPU).
 */
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertCliBuilt, cleanUpCommands, createProject, run, tempDb } from '../helpers/cli.js';
import { ID } from '../helpers/cli-projects.js';

beforeAll(assertCliBuilt);
afterAll(cleanUpCommands);

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
