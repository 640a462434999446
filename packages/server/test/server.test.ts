import { expect, it } from 'vitest';
import { startTestServer } from './helpers/test-server.js';

it('closes the database even when a shutdown step before it fails, and reports that failure', async () => {
  const t = await startTestServer();
  const close = t.server.app.close.bind(t.server.app);
  t.server.app.close = (async () => {
    await close();
    throw new Error('a plugin failed to close');
  }) as unknown as typeof t.server.app.close;

  await expect(t.server.close()).rejects.toThrow('a plugin failed to close');
  await expect(t.server.store.ping()).rejects.toThrow();
  // The test helper reports it too (a server that did not close fails its test), having dropped
  // the test database all the same.
  await expect(t.close()).rejects.toThrow('a plugin failed to close');
});
