/**
 * WAL checkpoints on a worker thread (store/checkpointer.ts): the WAL a server's writes leave is
 * copied back into the database within about a second, without the writer doing it, so the
 * next writes start the WAL over instead of growing it.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function openFileStore(
  checkpointInBackground: boolean,
  errors: Error[] = [],
): Promise<{ store: Store; wal: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'oichat-checkpointer-'));
  dirs.push(dir);
  const path = join(dir, 'oichat.db');
  const store = await openStore(
    path,
    checkpointInBackground ? { checkpointInBackground: { onError: (e) => errors.push(e) } } : {},
  );
  return { store, wal: `${path}-wal` };
}

/** Writes that add a few hundred pages to the WAL. */
async function writeSomePages(store: Store, batch: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    await store.projects.insert({
      project_id: `p-${batch}-${i}`,
      name: 'x'.repeat(2_000),
      created_at: '2026-01-01T00:00:00.000Z',
    });
  }
}

const walPages = (wal: string) => Math.round(statSync(wal).size / 4096);

describe('on a SQLite file, with checkpoints in the background', () => {
  it('copies the WAL back within about a second, so later writes reuse it instead of growing it', async () => {
    const errors: Error[] = [];
    const { store, wal } = await openFileStore(true, errors);
    try {
      await writeSomePages(store, 1);
      const first = walPages(wal);
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      await writeSomePages(store, 2);
      expect(walPages(wal)).toBeLessThan(first * 1.5);
      expect((await store.projects.list()).length).toBeGreaterThanOrEqual(400);
      expect(errors).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it("without it (a CLI command's store), lets the WAL grow until SQLite's own checkpoint at 10 000 pages", async () => {
    const { store, wal } = await openFileStore(false);
    try {
      await writeSomePages(store, 1);
      const first = walPages(wal);
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      await writeSomePages(store, 2);
      expect(walPages(wal)).toBeGreaterThan(first * 1.5);
    } finally {
      await store.close();
    }
  });

  it('stops with the store: closing resolves, and the database opens again with every row', async () => {
    const { store } = await openFileStore(true);
    await writeSomePages(store, 1);
    await store.close();
    const reopened = await openStore(join(dirs[0]!, 'oichat.db'), { checkpointInBackground: { onError: () => {} } });
    try {
      expect((await reopened.projects.list()).length).toBe(200);
    } finally {
      await reopened.close();
    }
  });
});
