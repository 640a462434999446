/** JSON kept in text columns (portable across SQLite and PostgreSQL). */
export const toJsonColumn = (value: unknown): string => JSON.stringify(value);
export const fromJsonColumn = <T>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T));
