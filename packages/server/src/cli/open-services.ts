/**
 * For one-shot commands: the services over the database a command names, closed afterwards, and
 * which database that was, for the command to print (a relative default opened from another
 * directory is another database: the user must see which one a command touched).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { isPostgresUrl, resolveConfig } from '../config.js';
import { loadMasterKey } from '../crypto/master-key.js';
import { SecretBox } from '../crypto/secret-box.js';
import { createServices, type Services } from '../services/index.js';
import { describeDatabase, openStore } from '../store/open-store.js';

export interface OpenedDatabase {
  /** The SQLite file's absolute path, `:memory:`, or the PostgreSQL URL with its password masked. */
  database: string;
  /** True when the SQLite file did not exist before this command (it made a new, empty database). */
  created: boolean;
}

/** Whether opening this setting will create a new SQLite file. */
export function isNewDatabase(database: string): boolean {
  return database !== ':memory:' && !isPostgresUrl(database) && !existsSync(resolve(database));
}

/** The human line naming the database, e.g. `database: /srv/chat/.oichat/oichat.db (new)`. */
export function databaseLine(opened: OpenedDatabase): string {
  return `database: ${opened.database}${opened.created ? ' (new: this command created it)' : ''}`;
}

export async function withServices<T>(
  database: string | undefined,
  fn: (services: Services, opened: OpenedDatabase) => Promise<T>,
): Promise<T> {
  const config = resolveConfig({ database });
  const box = new SecretBox(
    loadMasterKey({ env: process.env, dataDir: config.dataDir, shared: isPostgresUrl(config.database) }),
  );
  const opened = { database: describeDatabase(config.database), created: isNewDatabase(config.database) };
  const store = await openStore(config.database);
  try {
    // One-shot commands issue no tokens, so the issuer is never read; saving a webhook endpoint
    // checks its URL as the server would, so the same private-address setting applies.
    return await fn(
      createServices(store, box, { issuerFor: () => '', webhooks: { allowPrivate: config.webhooks.allowPrivate } }),
      opened,
    );
  } finally {
    await store.close();
  }
}
