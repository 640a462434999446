/**
 * Group commit for SQLite: transactions that arrive while one is running are run one after
 * another inside a single database transaction and committed together. A commit appends every
 * page it dirtied to the WAL, ~10 pages for one message send; a group of sends shares those
 * pages and that write (issue 11).
 *
 * What each caller sees is unchanged: its work runs alone (one connection, one at a time, as
 * before) and sees the work committed or run before it; it resolves only once the group has
 * committed, and its after-commit callbacks run then, so nobody hears of a change that could
 * still roll back. If the commit itself fails, every member of the group fails with that error.
 *
 * Members have no savepoints of their own. A savepoint made every member copy the old content
 * of each page it touched (~26 for a send) into a sub-journal, which SQLite moves to a temporary
 * file past 64 KiB, and made the FTS5 search index write its pending entries at every
 * savepoint instead of once at the commit. Instead, a member that throws is looked at:
 * - it changed no row (most refusals: they are found before anything is written): it fails
 *   alone and the group goes on;
 * - it changed rows: the whole transaction rolls back, it fails with its error, and the members
 *   that ran before it in the group run again in the next group, from the start.
 * So a transaction function may run more than once (Store.transaction): what it does outside
 * the database belongs in an after-commit callback, which a rolled-back run never calls.
 * bench:rest, REST_STATEMENTS=1, alternating builds: 167-204 instead of 231-287 µs of statement
 * CPU per send, 396-474 instead of 455-593 µs of server CPU.
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
import { type DirectRun, prepared, runPreparedDirectly } from './prepared.js';
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

/** Thrown out of the transaction to roll it back when a member failed after changing rows. */
class MemberWroteAndFailed {
  constructor(
    readonly member: Member,
    readonly err: unknown,
  ) {}
}

const totalChanges = prepared((db) => db.selectNoFrom(sql<number>`total_changes()`.as('n')));

/** Rows changed on this connection so far, by INSERT, UPDATE and DELETE (triggers included). */
async function changedRows(trx: Transaction<Database>): Promise<number> {
  const { rows } = await totalChanges(trx, {});
  return rows[0]!.n;
}

export class GroupCommit {
  readonly #queue: Member[] = [];
  /** A drain is scheduled or under way: a new member only joins the queue. */
  #draining = false;

  constructor(
    private readonly db: Kysely<Database>,
    /** Runs fn with the member's transaction scope (the store's AsyncLocalStorage). */
    private readonly inScope: <T>(scope: GroupScope, fn: () => Promise<T>) => Promise<T>,
    /** Runs a statement on the connection, which the group's transaction holds throughout. */
    private readonly direct?: DirectRun,
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

  /** One database transaction for the members queued now and those that join while it runs. */
  async #group(): Promise<void> {
    // In the order they ran: those that returned, and those that threw without changing a row
    // (nothing of theirs to undo).
    const ran: (
      | { member: Member; threw: false; value: unknown; afterCommit: (() => void)[] }
      | { member: Member; threw: true; err: unknown }
    )[] = [];
    // The member taken from the queue and not yet settled: if the transaction fails around it
    // (it cannot begin, the row count cannot be read), it fails with it instead of waiting forever.
    let current: Member | null = null;
    try {
      await this.db.transaction().execute(async (trx) => {
        if (this.direct) runPreparedDirectly(trx, this.direct);
        while (this.#queue.length > 0 && ran.length < MAX_GROUP) {
          const member = this.#queue.shift()!;
          current = member;
          const before = await changedRows(trx);
          const afterCommit: (() => void)[] = [];
          try {
            ran.push({ member, threw: false, value: await this.inScope({ trx, afterCommit }, member.fn), afterCommit });
          } catch (err) {
            if ((await changedRows(trx)) !== before) throw new MemberWroteAndFailed(member, err);
            ran.push({ member, threw: true, err });
          }
          current = null;
        }
      });
    } catch (err) {
      if (err instanceof MemberWroteAndFailed) {
        // Rolled back, its partial work with the rest: it fails, and those that ran before it
        // run again first thing, in their order.
        err.member.reject(err.err);
        this.#queue.unshift(...ran.map((r) => r.member));
        return;
      }
      // A failed commit (or begin): no member's work was kept.
      for (const { member } of ran) member.reject(err);
      (current as Member | null)?.reject(err);
      return;
    }
    // A callback that throws fails its own caller, after the commit, as outside a group
    // (Store.transaction); the other members are told of their changes all the same.
    for (const r of ran) {
      if (r.threw) {
        r.member.reject(r.err);
        continue;
      }
      try {
        for (const callback of r.afterCommit) callback();
      } catch (err) {
        r.member.reject(err);
        continue;
      }
      r.member.resolve(r.value);
    }
  }
}
