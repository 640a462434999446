/**
 * Queries built once and run many times. Building a query with Kysely (creating, freezing and
 * visiting its operation nodes, then compiling it to SQL) cost about as much CPU as running it
 * on SQLite (issue 11 profile: ~15 % of a send). A prepared query is built on first use with a
 * placeholder for each parameter, compiled for the database in use, and from then on only its
 * parameters are filled in; better-sqlite3 finds the statement in its cache by the same SQL text.
 */
import { type Compilable, CompiledQuery, type Kysely, type QueryResult } from 'kysely';
import type { Database } from './schema.js';

const MARK = '\u0000oichat-param:';

/**
 * The SQL text of each prepared query compiled so far, with a name for it: a bounded set (one
 * per query and kind of database). The PostgreSQL store runs these as named statements, parsed
 * and planned once per connection instead of at every run (postgres.ts).
 */
export const preparedStatementNames = new Map<string, string>();

type Slot = { param: string } | { value: unknown };

/** Runs one statement on the connection a transaction holds, as Kysely's SQLite driver would. */
export type DirectRun = (sql: string, parameters: readonly unknown[]) => QueryResult<unknown>;

/**
 * SQLite transactions that hold the connection for their whole run (store/group-commit.ts):
 * their prepared queries go to better-sqlite3 at once instead of through Kysely's executor,
 * whose connection handling (a few promises and turns of the microtask queue per query) cost
 * about 2.5 µs a statement, 33 µs of a send (perf; issue 11).
 */
const directRuns = new WeakMap<object, DirectRun>();

export function runPreparedDirectly(trx: Kysely<Database>, run: DirectRun): void {
  directRuns.set(trx, run);
}

/**
 * `build` gets stand-ins for the parameters (typed as the values, strings at run time) and
 * returns the query; each stand-in must reach the query as a value (not inside SQL text).
 */
export function prepared<P extends Record<string, unknown>, R>(
  build: (db: Kysely<Database>, params: P) => Compilable<R>,
): (db: Kysely<Database>, params: P) => Promise<QueryResult<R>> {
  // One compiled form per kind of database (a process may hold both, as the tests do).
  const byDialect = new Map<unknown, { sql: string; slots: Slot[] }>();
  const standIns = new Proxy({} as P, { get: (_t, name) => `${MARK}${String(name)}` });
  return (db, params) => {
    const dialect = db.getExecutor().adapter.constructor;
    let compiled = byDialect.get(dialect);
    if (compiled === undefined) {
      const query = build(db, standIns).compile();
      const slots = query.parameters.map((value): Slot => {
        if (typeof value === 'string' && value.startsWith(MARK)) return { param: value.slice(MARK.length) };
        return { value };
      });
      compiled = { sql: query.sql, slots };
      byDialect.set(dialect, compiled);
      if (!preparedStatementNames.has(query.sql))
        preparedStatementNames.set(query.sql, `oichat_${preparedStatementNames.size + 1}`);
    }
    const parameters = compiled.slots.map((slot) => ('param' in slot ? params[slot.param] : slot.value));
    const direct = directRuns.get(db);
    if (direct) {
      try {
        return Promise.resolve(direct(compiled.sql, parameters) as QueryResult<R>);
      } catch (err) {
        return Promise.reject(err);
      }
    }
    return db.executeQuery(CompiledQuery.raw(compiled.sql, parameters) as CompiledQuery<R>);
  };
}

/**
 * A prepared query made per set of columns of the row it is given (`make` gets the row's column
 * names): a row with other columns (a table that grew one) gets its own compiled form, never a
 * statement that drops a value.
 */
export function perColumnSet<F>(make: (columns: readonly string[]) => F): (row: object) => F {
  const byColumns = new Map<string, F>();
  return (row) => {
    const key = Object.keys(row).join(',');
    let query = byColumns.get(key);
    if (query === undefined) {
      query = make(Object.keys(row));
      byColumns.set(key, query);
    }
    return query;
  };
}

/** An insert of one row into `table`, prepared per set of columns (perColumnSet). */
export function preparedInsert<T extends keyof Database & string>(
  table: T,
): (db: Kysely<Database>, row: Record<string, unknown>) => Promise<QueryResult<unknown>> {
  const insertFor = perColumnSet((names) =>
    prepared<Record<string, unknown>, unknown>((d, p) =>
      // biome-ignore lint/suspicious/noExplicitAny: the columns are the row's own, checked by the caller's row type
      d.insertInto(table).values(Object.fromEntries(names.map((n) => [n, p[n]])) as any),
    ),
  );
  return (db, row) => insertFor(row)(db, row);
}
