/** A command line that cannot be carried out as written. */
export class UsageError extends Error {}
