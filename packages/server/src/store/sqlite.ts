/**
 * Opens the embedded SQLite database: a file (WAL, created with its directory, owner-only: see
 * data-files.ts) or `:memory:`, with its prepared statements kept for reuse.
 */
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, type SqliteDatabase } from 'kysely';
import { Checkpointer } from './checkpointer.js';
import { createDataFile } from './data-files.js';
import type { DirectRun } from './prepared.js';
import type { Database } from './schema.js';

export interface SqliteOptions {
  /** Checkpoint the WAL on a worker thread (checkpointer.ts) instead of in the commits; a file only. */
  checkpointInBackground?: { onError: (err: Error) => void };
}

/** Far above what a second of writes adds while the worker checkpoints: only its fallback. */
const FALLBACK_AUTOCHECKPOINT_PAGES = 100_000;

export function openSqlite(
  path: string,
  options: SqliteOptions = {},
): { db: Kysely<Database>; checkpointer: Checkpointer | null; run: DirectRun } {
  if (path !== ':memory:') createDataFile(path);
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
  configure(native);
  let checkpointer: Checkpointer | null = null;
  if (options.checkpointInBackground && path !== ':memory:') {
    checkpointer = new Checkpointer(path, options.checkpointInBackground.onError);
    native.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
  }
  const database = withStatementCache(native);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  // What Kysely's SQLite connection does with a query, for the transactions that skip it (prepared.ts).
  const run: DirectRun = (sql, parameters) => {
    const statement = database.prepare(sql) as SQLite.Statement;
    if (statement.reader) return { rows: statement.all(parameters) };
    const { changes, lastInsertRowid } = statement.run(parameters);
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  };
  return { db, checkpointer, run };
}

/** The connection's settings (also used by bench:rest's storage floor, on a connection of its own). */
export function configure(native: SQLite.Database): void {
  native.pragma('journal_mode = WAL');
  native.pragma('synchronous = NORMAL');
  native.pragma('foreign_keys = ON');
  native.pragma('busy_timeout = 5000');
  // Checkpoints (copying the WAL back into the database, on the committing thread) every 10 000
  // pages (~40 MB of WAL) instead of SQLite's 1 000: a page written by many commits in between
  // is copied once. bench:rest, alternating runs: 43-44 instead of 77-78 µs of checkpoint CPU
  // per send (issue 11).
  native.pragma('wal_autocheckpoint = 10000');
}

/** How many distinct statements stay prepared (queries with IN lists of many lengths come and go). */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely prepares every query anew, and preparing cost as much CPU as running it (measured with
 * bench:fanout --cpu-prof). Statements are kept by their SQL text, least recently used out first.
 * Safe to share: Kysely runs each with all() or run(), synchronously, never two at once.
 */
function withStatementCache(db: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => db.close(),
    prepare(sql) {
      let statement = cache.get(sql);
      if (statement) cache.delete(sql);
      else {
        statement = db.prepare(sql);
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      }
      cache.set(sql, statement);
      return statement;
    },
  };
}
