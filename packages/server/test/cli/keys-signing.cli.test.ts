/**
 * `oichat keys rotate-signing-key` as an operator runs it: the BUILT CLI in a child process, on
 * the SQLite file a server in this process is serving. The running server signs with the new key
 * from its next token on and honours an immediate retirement, without a restart.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertCliBuilt, CLI, cliEnv } from '../helpers/cli.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { userFetch } from '../helpers/user-fetch.js';

let dir: string;
let db: string;
let t: TestServer;

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  // The child must open the secrets the server sealed: the same key, from the environment or master.key.
  const key = process.env.OICHAT_MASTER_KEY;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd: dir, env: cliEnv(key ? { OICHAT_MASTER_KEY: key } : {}), timeout: 15_000 },
      (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  assertCliBuilt();
  dir = await mkdtemp(join(tmpdir(), 'oichat-signing-cli-'));
  db = join(dir, 'oichat.db');
  t = await startTestServer({ database: db });
});
afterAll(async () => {
  await t?.close();
  await rm(dir, { recursive: true, force: true });
});

/** `oichat keys rotate-signing-key` on the served project and database, with more flags. */
const rotate = (...flags: string[]) =>
  run(['keys', 'rotate-signing-key', '--project', t.credentials.project_id, '--database', db, ...flags]);
const token = async () => (await t.client.post('/v1/auth/token', { user_id: 'alice' })).body.token as string;
const kidOf = (jwt: string) => decodeProtectedHeader(jwt).kid;

describe('oichat keys rotate-signing-key', { timeout: 60_000 }, () => {
  it('rotates while the server runs: new tokens carry the new key, old ones keep working', async () => {
    const before = await token();
    const res = await rotate('--json');
    expect(res.code, res.stderr).toBe(0);
    const rotated = JSON.parse(res.stdout);
    expect(rotated).toMatchObject({ project_id: t.credentials.project_id, previous_kids: [kidOf(before)] });
    expect(rotated.kid).toMatch(/^key_/);
    expect(kidOf(await token())).toBe(rotated.kid);
    expect((await userFetch(t.url, before, '/v1/me/unread')).status).toBe(200);
  });

  it('--retire-now says what it did, and the server refuses the old tokens at once', async () => {
    const before = await token();
    const res = await rotate('--retire-now');
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('were retired at once: every token they signed');
    expect(res.stdout).toContain(kidOf(before)!);
    expect((await userFetch(t.url, before, '/v1/me/unread')).status).toBe(401);
    expect((await userFetch(t.url, await token(), '/v1/me/unread')).status).toBe(200);
  });

  it('exits 1 for an unknown project and 2 without --project', async () => {
    const unknown = await run(['keys', 'rotate-signing-key', '--project', 'proj_nope', '--database', db]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('project proj_nope was not found');
    const missing = await run(['keys', 'rotate-signing-key', '--database', db]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('keys rotate-signing-key needs --project ID.');
  });
});
