/**
 * World-readable database (issue 10, finding 10): a server started on a new SQLite file in an
 * existing, world-readable folder creates the database, its -wal and -shm and the master key
 * readable by their owner only, and a server started on an existing file that others can read
 * says so in its log.
 */
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';

let dir: string;
let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const modeOf = (file: string) => (statSync(file).mode & 0o777).toString(8);

/** A real server on the file, its log lines (JSON) collected. */
async function serve(database: string) {
  const lines: { level: number; msg: string; file?: string; mode?: string }[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const config = resolveConfig({ port: 0, host: '127.0.0.1', database }, {});
  server = await startServer(config, { logger: { level: 'warn', stream } });
  return lines;
}

describe('SQLite data files', () => {
  it('are created 0600, -wal and -shm included, with the master key, in a folder others can read', async () => {
    dir = mkdtempSync(join(tmpdir(), 'oichat-perms-'));
    chmodSync(dir, 0o755);
    const database = join(dir, 'chat.db');
    const prior = process.env.OICHAT_MASTER_KEY;
    delete process.env.OICHAT_MASTER_KEY; // the key file is what is checked here
    try {
      const log = await serve(database);
      // Write something, so the WAL is in use.
      await server!.services.projects.create('p');
      for (const file of [database, `${database}-wal`, `${database}-shm`, join(dir, 'master.key')])
        expect(modeOf(file), file).toBe('600');
      expect(log.filter((l) => l.level >= 40)).toEqual([]);
    } finally {
      if (prior !== undefined) process.env.OICHAT_MASTER_KEY = prior;
    }
  });

  it('a subfolder the server makes for them is 0700', async () => {
    dir = mkdtempSync(join(tmpdir(), 'oichat-perms-'));
    await serve(join(dir, 'data', 'chat.db'));
    expect(modeOf(join(dir, 'data'))).toBe('700');
  });

  it('an existing database others can read is reported at start, and left as it is', async () => {
    dir = mkdtempSync(join(tmpdir(), 'oichat-perms-'));
    const database = join(dir, 'chat.db');
    writeFileSync(database, '');
    chmodSync(database, 0o644);
    const log = await serve(database);
    const warnings = log.filter((l) => l.level === 40);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ file: database, mode: '644' });
    expect(warnings[0]!.msg).toBe(
      `${database} is readable or writable by other users (mode 644); it holds chat content: chmod 600 it (and its -wal and -shm files)`,
    );
    expect(modeOf(database)).toBe('644');
  });
});
