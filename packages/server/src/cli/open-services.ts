/** For one-shot commands: the services over the database a command names, closed afterwards. */
import { isPostgresUrl, resolveConfig } from '../config.js';
import { loadMasterKey } from '../crypto/master-key.js';
import { SecretBox } from '../crypto/secret-box.js';
import { createServices, type Services } from '../services/index.js';
import { openStore } from '../store/open-store.js';

export async function withServices<T>(
  database: string | undefined,
  fn: (services: Services) => Promise<T>,
): Promise<T> {
  const config = resolveConfig({ database });
  const box = new SecretBox(
    loadMasterKey({ env: process.env, dataDir: config.dataDir, shared: isPostgresUrl(config.database) }),
  );
  const store = await openStore(config.database);
  try {
    // One-shot commands issue no tokens, so the issuer is never read; saving a webhook endpoint
    // checks its URL as the server would, so the same private-address setting applies.
    return await fn(
      createServices(store, box, { issuerFor: () => '', webhooks: { allowPrivate: config.webhooks.allowPrivate } }),
    );
  } finally {
    await store.close();
  }
}
