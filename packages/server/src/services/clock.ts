/** Time as the API writes it: ISO-8601 UTC with milliseconds. One place, so tests and code agree. */
export const nowIso = (): string => new Date().toISOString();
export const isoAt = (ms: number): string => new Date(ms).toISOString();
