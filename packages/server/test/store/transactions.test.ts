/**
 * Concurrent transactions (on SQLite they share a commit: store/group-commit.ts; on PostgreSQL
 * each has its own): each one's work is kept or rolled back alone, whichever of a group throws.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.js';
import { openTestStore, TEST_DIALECT } from '../helpers/test-database.js';

let store: Store;
beforeAll(async () => {
  store = await openTestStore();
});
afterAll(() => store.close());

const project = (id: string) => ({ project_id: id, name: id, created_at: '2026-01-01T00:00:00.000Z' });

describe('concurrent transactions', () => {
  it('keep the work of those that succeed and roll back, alone, those that throw', async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        store.transaction(async () => {
          await store.projects.insert(project(`tx-${i}`));
          if (i % 3 === 1) throw new Error(`refused ${i}`);
          return i;
        }),
      ),
    );
    outcomes.forEach((o, i) => {
      if (i % 3 === 1) expect(o).toMatchObject({ status: 'rejected', reason: { message: `refused ${i}` } });
      else expect(o).toEqual({ status: 'fulfilled', value: i });
    });
    const kept = (await store.projects.list()).map((p) => p.project_id).filter((id) => id.startsWith('tx-'));
    const expected = Array.from({ length: 20 }, (_, i) => i)
      .filter((i) => i % 3 !== 1)
      .map((i) => `tx-${i}`);
    expect(kept.sort()).toEqual(expected.sort());
  });

  it('the first of a group throwing rolls back only its own work', async () => {
    const first = store.transaction(async () => {
      await store.projects.insert(project('first-fails'));
      await new Promise((r) => setTimeout(r, 20)); // others queue up meanwhile
      throw new Error('no');
    });
    const others = Array.from({ length: 5 }, (_, i) =>
      store.transaction(async () => store.projects.insert(project(`after-${i}`))),
    );
    await expect(first).rejects.toThrow('no');
    await Promise.all(others);
    const ids = (await store.projects.list()).map((p) => p.project_id);
    expect(ids).not.toContain('first-fails');
    for (let i = 0; i < 5; i++) expect(ids).toContain(`after-${i}`);
  });
});

describe('a callback after the commit that throws', () => {
  it('fails its own caller only: a transaction begun beside it is kept and told of its commit', async () => {
    const told: string[] = [];
    const inNextTurn = <T>(fn: () => Promise<T>) => new Promise<T>((resolve) => setImmediate(() => resolve(fn())));
    const [thrower, other] = await Promise.allSettled([
      inNextTurn(() =>
        store.transaction(async () => {
          await store.projects.insert(project('after-commit-throws'));
          store.afterCommit(() => {
            throw new Error('listener failed');
          });
        }),
      ),
      inNextTurn(() =>
        store.transaction(async () => {
          await store.projects.insert(project('after-commit-beside'));
          store.afterCommit(() => told.push('beside committed'));
          return 'kept';
        }),
      ),
    ]);
    expect(thrower).toMatchObject({ status: 'rejected', reason: { message: 'listener failed' } });
    expect(other).toEqual({ status: 'fulfilled', value: 'kept' });
    expect(told).toEqual(['beside committed']);
    // Both committed: the callback runs after the commit, whatever it does.
    const ids = (await store.projects.list()).map((p) => p.project_id);
    expect(ids).toEqual(expect.arrayContaining(['after-commit-throws', 'after-commit-beside']));
  });
});

describe.skipIf(TEST_DIALECT !== 'sqlite')('on SQLite, transactions', () => {
  it('begun by separate callbacks in one turn of the event loop share a commit (as requests read in one turn do)', async () => {
    const order: string[] = [];
    const inNextTurn = <T>(fn: () => Promise<T>) => new Promise<T>((resolve) => setImmediate(() => resolve(fn())));
    const a = inNextTurn(() =>
      store.transaction(async () => {
        await store.projects.insert(project('turn-a'));
        store.afterCommit(() => order.push('a committed'));
      }),
    );
    const b = inNextTurn(() =>
      store.transaction(async () => {
        order.push('b ran');
        await store.projects.insert(project('turn-b'));
      }),
    );
    await Promise.all([a, b]);
    expect(order).toEqual(['b ran', 'a committed']);
  });
});
