/** Opens the store a database setting names (a SQLite path, :memory:, or a postgres:// URL), migrated to the latest schema. */
import { resolve } from 'node:path';
import { isPostgresUrl } from '../config.js';
import { openPostgres } from './postgres.js';
import { openSqlite } from './sqlite.js';
import { Store } from './store.js';

export class DatabaseUnavailableError extends Error {}

/** How a database setting is shown: a SQLite file by its absolute path, a URL without its password. */
export function describeDatabase(database: string): string {
  if (database === ':memory:') return database;
  return isPostgresUrl(database) ? redactUrl(database) : resolve(database);
}

/** Hides a password in a connection URL before it is shown anywhere. */
export function redactUrl(database: string): string {
  return database.replace(/\/\/([^:/@]*):[^@]*@/, '//$1:***@');
}

export interface OpenStoreOptions {
  /** A pooled PostgreSQL connection failed while idle; the pool replaces it (see postgres.ts). */
  onConnectionError?: (err: Error) => void;
  /** SQLite: checkpoint the WAL on a worker thread (the server does; a CLI command has no need). */
  checkpointInBackground?: { onError: (err: Error) => void };
}

export async function openStore(
  database: string,
  { onConnectionError = () => {}, checkpointInBackground }: OpenStoreOptions = {},
): Promise<Store> {
  let store: Store;
  if (isPostgresUrl(database)) store = new Store(openPostgres(database, onConnectionError), 'postgres');
  else {
    const { db, checkpointer, run } = openSqlite(database, { checkpointInBackground });
    store = new Store(db, 'sqlite', { run, beforeClose: checkpointer ? () => checkpointer.stop() : undefined });
  }
  try {
    try {
      await store.ping();
    } catch (err) {
      throw new DatabaseUnavailableError(`Cannot reach the database ${redactUrl(database)}: ${(err as Error).message}`);
    }
    await store.migrate();
  } catch (err) {
    await store.close();
    throw err;
  }
  return store;
}
