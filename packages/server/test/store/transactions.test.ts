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

/** Runs fn on the next turn of the event loop, as a request read then would. */
const inNextTurn = <T>(fn: () => Promise<T>) => new Promise<T>((resolve) => setImmediate(() => resolve(fn())));

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

  it('after one that throws having changed rows, run again those before it in the group: each is kept once and told once', async () => {
    const runs = new Map<string, number>();
    const told: string[] = [];
    const tx = (id: string, fail: 'before writing' | 'after writing' | null) =>
      store.transaction(async () => {
        runs.set(id, (runs.get(id) ?? 0) + 1);
        if (fail === 'before writing') throw new Error(`${id} refused`);
        await store.projects.insert(project(id));
        if (fail === 'after writing') throw new Error(`${id} failed`);
        store.afterCommit(() => told.push(id));
        return id;
      });
    // Started in one turn: one group, in this order.
    const outcomes = await Promise.allSettled([
      tx('replay-a', null),
      tx('replay-b', 'before writing'),
      tx('replay-c', null),
      tx('replay-d', 'after writing'),
      tx('replay-e', null),
    ]);
    expect(outcomes).toEqual([
      { status: 'fulfilled', value: 'replay-a' },
      { status: 'rejected', reason: expect.objectContaining({ message: 'replay-b refused' }) },
      { status: 'fulfilled', value: 'replay-c' },
      { status: 'rejected', reason: expect.objectContaining({ message: 'replay-d failed' }) },
      { status: 'fulfilled', value: 'replay-e' },
    ]);
    // d rolled the group back: a, b and c ran again; d and e once.
    expect(Object.fromEntries(runs)).toEqual({
      'replay-a': 2,
      'replay-b': 2,
      'replay-c': 2,
      'replay-d': 1,
      'replay-e': 1,
    });
    expect(told.sort()).toEqual(['replay-a', 'replay-c', 'replay-e']);
    const ids = (await store.projects.list()).map((p) => p.project_id).filter((id) => id.startsWith('replay-'));
    expect(ids.sort()).toEqual(['replay-a', 'replay-c', 'replay-e']);
  });

  it('after one that throws without changing a row, run no one again', async () => {
    const runs: string[] = [];
    const tx = (id: string, fail: boolean) =>
      store.transaction(async () => {
        runs.push(id);
        if (fail) {
          await store.projects.list(); // reads only
          throw new Error(`${id} refused`);
        }
        await store.projects.insert(project(id));
      });
    const outcomes = await Promise.allSettled([tx('once-a', false), tx('once-b', true), tx('once-c', false)]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(runs).toEqual(['once-a', 'once-b', 'once-c']);
  });
});
