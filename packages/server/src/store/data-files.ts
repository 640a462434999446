/**
 * The SQLite data files' permissions: they hold every chat, so they are created readable by their
 * owner only (0600, in a 0700 folder when the folder is new). SQLite gives the `-wal` and `-shm`
 * files it creates the mode of the database file, so they follow. Files that already exist are
 * left as they are (an operator may mean it), but reported when others can read them.
 */
import { closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export const DATA_FILE_SUFFIXES = ['', '-wal', '-shm'] as const;

/** Creates the database file, empty and 0600, unless it exists; its folder too (0700). */
export function createDataFile(path: string): void {
  mkdirSync(dirname(resolve(path)), { recursive: true, mode: 0o700 });
  try {
    closeSync(openSync(path, 'wx', 0o600));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}

export interface LooseFile {
  file: string;
  /** Permission bits, e.g. 0o644. */
  mode: number;
}

/** The database's files that its group or other users may read or write. */
export function looseDataFiles(path: string): LooseFile[] {
  const loose: LooseFile[] = [];
  for (const suffix of DATA_FILE_SUFFIXES) {
    const file = resolve(path + suffix);
    let mode: number;
    try {
      mode = statSync(file).mode & 0o777;
    } catch {
      continue; // not there (the -wal and -shm come and go)
    }
    if (mode & 0o077) loose.push({ file, mode });
  }
  return loose;
}

export function describeLooseFile({ file, mode }: LooseFile): string {
  const octal = mode.toString(8).padStart(3, '0');
  return `${file} is readable or writable by other users (mode ${octal}); it holds chat content: chmod 600 it (and its -wal and -shm files)`;
}
