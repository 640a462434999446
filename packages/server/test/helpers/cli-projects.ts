/**
 * What the CLI tests check of projects and the credentials the CLI prints: their id shapes, the
 * `projects list` answer, and that a server accepts them.
 */
import { expect } from 'vitest';
import { run } from './cli.js';
import { SignedClient, type Credentials } from './signed-client.js';

export const ID = {
  project: /^proj_[0-9A-Za-z]+$/,
  apiKey: /^ak_live_[0-9A-Za-z]+$/,
  secretKey: /^sk_[0-9A-Za-z]+$/,
};

/** Parses the credentials block `serve` prints for a project it created. */
export function printedCredentials(out: string): Credentials | null {
  const project_id = /project id:\s+(\S+)/.exec(out)?.[1];
  const api_key = /api key:\s+(\S+)/.exec(out)?.[1];
  const secret_key = /secret key:\s+(\S+)/.exec(out)?.[1];
  return project_id && api_key && secret_key ? { project_id, api_key, secret_key } : null;
}

export async function listProjects(
  db: string,
): Promise<{ project_id: string; name: string; api_keys: { api_key: string; expires_at: string | null }[] }[]> {
  const res = await run(['projects', 'list', '--database', db, '--json']);
  expect(res.code, res.stderr).toBe(0);
  const listed = JSON.parse(res.stdout);
  expect(listed.database).toBe(db);
  return listed.data;
}

/** A signed call that must succeed: proves the credentials are accepted by the server. */
export async function expectAccepted(url: string, creds: Credentials): Promise<void> {
  const res = await new SignedClient(url, creds).post('/v1/auth/token', { user_id: 'cli-user' });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body.token).toBeTypeOf('string');
}

export const plainCredentials = (o: Credentials): Credentials => ({
  project_id: o.project_id,
  api_key: o.api_key,
  secret_key: o.secret_key,
});
