/**
 * `oichat keys rotate` (api keys, with a grace period) as an operator runs it: the BUILT CLI
 * (dist/cli/main.js, so run `npm run build -w @oichat/server` first) in child processes, against
 * databases in temporary directories. Every test has its own directory and processes, so they run
 * concurrently (each CLI start costs about half a second of CPU).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertCliBuilt, cleanUpCommands, createProject, run, serve, tempDb } from '../helpers/cli.js';
import { SignedClient } from '../helpers/signed-client.js';
import { expectAccepted, ID, listProjects, plainCredentials } from '../helpers/cli-projects.js';

beforeAll(assertCliBuilt);
afterAll(cleanUpCommands);

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
