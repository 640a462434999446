/**
 * Opens the embedded SQLite database: a file (WAL, created with its directory) or `:memory:`.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from './schema.js';

export function openSqlite(path: string): Kysely<Database> {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  let native: SQLite.Database;
  try {
    native = new SQLite(path);
  } catch (err) {
    const e = err as Error & { code?: string };
    if (e.code === 'ERR_DLOPEN_FAILED' || /NODE_MODULE_VERSION/.test(e.message)) {
      throw new Error(
        `better-sqlite3 was built for another Node.js version than ${process.version}; run "npm rebuild better-sqlite3". (${e.message})`,
      );
    }
    throw err;
  }
  native.pragma('journal_mode = WAL');
  native.pragma('synchronous = NORMAL');
  native.pragma('foreign_keys = ON');
  native.pragma('busy_timeout = 5000');
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: native }) });
}
