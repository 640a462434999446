/** Opens the store a database setting names, migrated to the latest schema. */
import { isPostgresUrl } from '../config.js';
import { openSqlite } from './sqlite.js';
import { Store } from './store.js';

export class UnsupportedDatabaseError extends Error {}

export async function openStore(database: string): Promise<Store> {
  if (isPostgresUrl(database)) {
    throw new UnsupportedDatabaseError(
      'PostgreSQL is not supported by this version yet; use a SQLite file path (the default) or :memory:.',
    );
  }
  const store = new Store(openSqlite(database));
  try {
    await store.migrate();
  } catch (err) {
    await store.close();
    throw err;
  }
  return store;
}
