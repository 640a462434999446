/**
 * Opens a PostgreSQL database through a connection pool. The schema and every query are the
 * ones the SQLite store uses; only the driver differs.
 */
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import { preparedStatementNames } from './prepared.js';
import type { Database } from './schema.js';

const INT8_OID = 20;

/**
 * `onConnectionError` hears of idle connections the server dropped (a restart, a failover, an
 * administrator's pg_terminate_backend). The pool discards them and opens new ones on demand;
 * without a listener, node-postgres would rethrow the error and take the whole process down.
 */
export function openPostgres(url: string, onConnectionError: (err: Error) => void, poolSize = 10): Kysely<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    // Counters and seqs are bigint columns; they stay far below 2^53, so read them as numbers.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID
          ? (value: string) => Number(value)
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  pool.on('error', onConnectionError);
  // The pool listens only to idle connections. One ended while checked out (mid-transaction)
  // fails the query that uses it, which is how it is reported; this listener keeps the 'error'
  // it also emits from being rethrown, and the pool discards the connection when it comes back.
  pool.on('connect', (client) => {
    client.on('error', () => {});
    runPreparedByName(client);
  });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/**
 * The hot queries (store/prepared.ts) go as named statements: PostgreSQL parses and plans each
 * once per connection, then only binds and runs it. Sent unnamed, as Kysely sends every query,
 * each run was parsed and planned again (the bulk of a backend's CPU for these short
 * statements: bench:cluster, issue 11). Other queries (IN lists of any length, migrations) stay
 * unnamed, so the statements a connection keeps are the bounded set of prepared ones.
 */
function runPreparedByName(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (text: unknown, values: unknown, ...rest: unknown[]) => {
    const name = typeof text === 'string' && rest.length === 0 ? preparedStatementNames.get(text) : undefined;
    if (name !== undefined && Array.isArray(values)) return query({ name, text, values });
    return rest.length > 0 ? query(text, values, ...rest) : values === undefined ? query(text) : query(text, values);
  };
}
