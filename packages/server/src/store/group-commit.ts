/**
 * Group commit for SQLite: transactions that arrive while one is running are run one after
 * another inside a single database transaction, each in its own savepoint, and committed
 * together. A commit appends every page it dirtied to the WAL, ~10 pages for one message send;
 * a group of sends shares those pages and that write (issue 11).
 *
 * What each caller sees is unchanged: its work runs alone (one connection, one at a time, as
 * before), sees the work committed or run before it, and is rolled back alone when it throws
 * (ROLLBACK TO its savepoint); it resolves only once the group has committed, and its
 * after-commit callbacks run then, so nobody hears of a change that could still roll back. If
 * the commit itself fails, every member of the group fails with that error.
 *
 * A group starts on the next turn of the event loop (setImmediate), not at once: a transaction
 * on better-sqlite3 awaits only promises that are already settled, so it runs to its commit
 * before any other socket's request is read, and starting at once, every send committed alone.
 * Deferred, the requests read in the same turn (from the connections that had data) join it.
 * (So a test that fakes setImmediate holds every SQLite transaction: fake only Date.)
 * bench:rest, alternating builds (load average 4-6): 0.07 commits per send (REST_STATEMENTS=1)
 * instead of 1, 719-758 µs of server CPU per send instead of 1 062-1 487, p99 88-105 ms
 * instead of 242-615 ms, 0.35-0.36× the bare endpoint instead of 0.27-0.31× (issue 11).
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema.js';

/** A group is closed at this size, so one burst cannot hold its first member waiting for long. */
const MAX_GROUP = 64;

export interface GroupScope {
  trx: Transaction<Database>;
  afterCommit: (() => void)[];
}

interface Member {
  fn: () => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

export class GroupCommit {
  readonly #queue: Member[] = [];
  /** A drain is scheduled or under way: a new member only joins the queue. */
  #draining = false;

  constructor(
    private readonly db: Kysely<Database>,
    /** Runs fn with the member's transaction scope (the store's AsyncLocalStorage). */
    private readonly inScope: <T>(scope: GroupScope, fn: () => Promise<T>) => Promise<T>,
  ) {}

  run<T>(fn: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ fn, resolve: resolve as (value: unknown) => void, reject });
      if (this.#draining) return;
      this.#draining = true;
      setImmediate(() => void this.#drain());
    });
  }

  async #drain(): Promise<void> {
    try {
      while (this.#queue.length > 0) await this.#group();
    } finally {
      this.#draining = false;
    }
  }

  /**
   * One database transaction for the members queued now and those that join while it runs. The
   * first member needs no savepoint: if it throws, nothing else has run, and the whole
   * transaction rolls back (the rest go on in the next group). So a lone transaction costs what
   * it did before grouping.
   */
  async #group(): Promise<void> {
    const done: { member: Member; value: unknown; afterCommit: (() => void)[] }[] = [];
    const failed: { member: Member; err: unknown }[] = [];
    const first = this.#queue.shift()!;
    // The member taken from the queue and not yet settled: if the transaction fails around it
    // (it cannot begin, a savepoint statement fails), it fails with it instead of waiting forever.
    let current: Member | null = first;
    try {
      await this.db.transaction().execute(async (trx) => {
        const afterCommit: (() => void)[] = [];
        try {
          done.push({ member: first, value: await this.inScope({ trx, afterCommit }, first.fn), afterCommit });
        } catch (err) {
          failed.push({ member: first, err });
          throw err;
        } finally {
          current = null;
        }
        while (this.#queue.length > 0 && done.length + failed.length < MAX_GROUP) {
          const member = this.#queue.shift()!;
          current = member;
          const own: (() => void)[] = [];
          await sql`savepoint member`.execute(trx);
          try {
            const value = await this.inScope({ trx, afterCommit: own }, member.fn);
            await sql`release member`.execute(trx);
            done.push({ member, value, afterCommit: own });
          } catch (err) {
            await sql`rollback to member`.execute(trx);
            await sql`release member`.execute(trx);
            failed.push({ member, err });
          }
          current = null;
        }
      });
    } catch (err) {
      // The first member's own error, or a failed commit: then no member's work was kept.
      for (const { member } of done) member.reject(err);
      for (const f of failed) f.member.reject(f.member === first ? f.err : err);
      (current as Member | null)?.reject(err);
      return;
    }
    for (const f of failed) f.member.reject(f.err);
    // A callback that throws fails its own caller, after the commit, as outside a group
    // (Store.transaction); the other members are told of their changes all the same.
    for (const { member, value, afterCommit } of done) {
      try {
        for (const callback of afterCommit) callback();
      } catch (err) {
        member.reject(err);
        continue;
      }
      member.resolve(value);
    }
  }
}
