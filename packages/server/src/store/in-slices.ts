/** Long id lists bound as `IN (…)` in slices, within SQLite's and PostgreSQL's parameter limits. */

/** Most ids bound in one `IN (…)` list: far below SQLite's and PostgreSQL's parameter limits. */
export const IN_LIST_MAX = 500;

/** Runs `read` over `ids` in slices of at most IN_LIST_MAX, one query each. */
export async function inSlices(
  ids: readonly string[],
  read: (slice: readonly string[]) => Promise<void>,
): Promise<void> {
  for (let i = 0; i < ids.length; i += IN_LIST_MAX) await read(ids.slice(i, i + IN_LIST_MAX));
}
