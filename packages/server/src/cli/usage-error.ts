/**
 * A command line that cannot be carried out as written, and the words for what was mistyped:
 * an unknown flag or command is named with the closest known one (`--prot` → `--port`).
 */
export class UsageError extends Error {}

/** Edit distance (insertions, deletions, substitutions, and swaps of two neighbours). */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** The known word closest to a mistyped one, when it is close enough to be what was meant. */
export function closest(word: string, known: readonly string[]): string | undefined {
  let best: { word: string; d: number } | undefined;
  for (const candidate of known) {
    const d = distance(word, candidate);
    if (!best || d < best.d) best = { word: candidate, d };
  }
  return best && best.d <= Math.max(1, Math.floor(best.word.length / 3)) ? best.word : undefined;
}

const didYouMean = (word: string | undefined) => (word ? ` (did you mean ${word}?)` : '');

/** The UsageError for what node:util parseArgs refused, or null for another error. */
export function fromParseArgs(err: unknown, flags: readonly string[]): UsageError | null {
  const e = err as { code?: string; message?: string };
  if (!e.code?.startsWith('ERR_PARSE_ARGS')) return null;
  const message = e.message ?? '';
  const unknown = /Unknown option '([^'=]+)/.exec(message)?.[1];
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && unknown) {
    const known = flags.map((f) => `--${f}`);
    return new UsageError(`unknown flag ${unknown}${didYouMean(closest(unknown, known))}`);
  }
  const flag = /--[\w-]+/.exec(message)?.[0];
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && flag) {
    // "argument missing", or "ambiguous" when the next word is a flag (`--port --database x`).
    return /argument missing|ambiguous/.test(message)
      ? new UsageError(`flag ${flag} needs a value, as in ${flag} VALUE.`)
      : new UsageError(`flag ${flag} takes no value.`);
  }
  return new UsageError(e.message ?? 'the command line cannot be read.');
}

/** The UsageError for a command that does not exist. */
export function unknownCommand(command: string, commands: readonly string[]): UsageError {
  return new UsageError(`unknown command "${command}"${didYouMean(closest(command, commands))}`);
}
