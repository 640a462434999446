/**
 * `oichat keys rotate`: a new api key + secret; the old pair works on for a grace period.
 * `oichat keys rotate-signing-key`: a new token signing key; the old one verifies (and stays in
 * the JWKS) until every token it signed is past its refresh window, or not at all with --retire-now.
 */
import { resolveConfig } from '../config.js';
import type { CliFlags } from './flags.js';
import { databaseLine, withServices } from './open-services.js';
import { UsageError } from './usage-error.js';

export async function keysRotate(flags: CliFlags): Promise<number> {
  if (!flags.project) throw new UsageError('keys rotate needs --project ID.');
  const graceText = flags['grace-hours'] ?? String(resolveConfig({}).keyGraceHours);
  const grace = Number(graceText);
  if (!Number.isInteger(grace) || grace < 0 || grace > 24 * 365) {
    throw new UsageError(`--grace-hours must be a whole number from 0 to 8760; got "${graceText}".`);
  }
  const projectId = flags.project;
  const { rotated, opened } = await withServices(flags.database, async (s, opened) => ({
    rotated: await s.projects.rotateKeys(projectId, grace),
    opened,
  }));
  if (!rotated) {
    console.error(`oichat: project ${projectId} was not found in ${opened.database}.`);
    return 1;
  }
  if (flags.json) {
    process.stdout.write(`${JSON.stringify({ ...rotated, database: opened.database })}\n`);
  } else {
    console.log(`New credentials for ${projectId}. The secret key is shown only now: store it safely.
  api key:    ${rotated.api_key}
  secret key: ${rotated.secret_key}
  ${databaseLine(opened)}
The previous keys keep working until ${rotated.previous_keys_expire_at}.`);
  }
  return 0;
}

export async function keysRotateSigningKey(flags: CliFlags): Promise<number> {
  if (!flags.project) throw new UsageError('keys rotate-signing-key needs --project ID.');
  const projectId = flags.project;
  const retireNow = flags['retire-now'] === true;
  const rotated = await withServices(flags.database, (s) => s.projects.rotateSigningKey(projectId, { retireNow }));
  if (!rotated) {
    console.error(`oichat: project ${projectId} was not found.`);
    return 1;
  }
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(rotated)}\n`);
  } else if (retireNow) {
    console.log(`New token signing key ${rotated.kid} for ${projectId}; it signs every token from now on.
The previous keys (${rotated.previous_kids.join(', ') || 'none'}) were retired at once: every token they signed
no longer works, nor can it be refreshed. Users need new tokens from auth.createToken.`);
  } else {
    console.log(`New token signing key ${rotated.kid} for ${projectId}; it signs every token from now on.
The previous keys (${rotated.previous_kids.join(', ') || 'none'}) still verify the tokens they signed, for use
and refresh, and stay in the JWKS until ${rotated.previous_keys_retire_at}.`);
  }
  return 0;
}
