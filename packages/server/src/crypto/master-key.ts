/**
 * Where the master key comes from: `OICHAT_MASTER_KEY` (64 hex characters or base64 of 32 bytes)
 * when set, else a `master.key` file (mode 0600) in the data directory, created on first start.
 * An in-memory database gets a throwaway key: its secrets die with the process anyway. A shared
 * database (PostgreSQL) has no data directory and several nodes must agree on the key, so there
 * it must come from the environment.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function parseMasterKey(text: string, source: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) {
    throw new Error(`${source} must hold 32 bytes as 64 hex characters or base64; got ${key.length} bytes.`);
  }
  return key;
}

export class MasterKeyRequiredError extends Error {}

export function loadMasterKey(opts: { env: NodeJS.ProcessEnv; dataDir: string | null; shared?: boolean }): Buffer {
  const fromEnv = opts.env.OICHAT_MASTER_KEY;
  if (fromEnv) return parseMasterKey(fromEnv, 'OICHAT_MASTER_KEY');
  if (opts.shared) {
    throw new MasterKeyRequiredError(
      'OICHAT_MASTER_KEY is required with a PostgreSQL database: every node must use the same key (64 hex characters, e.g. from `openssl rand -hex 32`).',
    );
  }
  if (opts.dataDir === null) return randomBytes(32);

  const file = join(opts.dataDir, 'master.key');
  if (existsSync(file)) {
    const mode = statSync(file).mode & 0o777;
    if (mode & 0o077) chmodSync(file, 0o600); // tighten a key file someone loosened
    return parseMasterKey(readFileSync(file, 'utf8'), file);
  }
  mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  // 'wx' fails if another process created the file in between; then read theirs.
  try {
    writeFileSync(file, key.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return parseMasterKey(readFileSync(file, 'utf8'), file);
  }
  return key;
}
