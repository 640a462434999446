/**
 * @mentions while writing: the "@query" being typed at the caret, the participants it matches,
 * the text once one is picked, and which picked people are still mentioned when the message is
 * sent (a name erased from the text is no longer a mention). Pure: tested without a DOM.
 */

export interface MentionCandidate {
  id: string;
  name: string;
}

const MAX_SUGGESTIONS = 6;

/** The mention being typed: "@" at the start or after a space, then no space up to the caret. */
export function activeMention(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf('@');
  if (at < 0) return null;
  if (at > 0 && !/\s/.test(before[at - 1]!)) return null;
  const query = before.slice(at + 1);
  if (/\s/.test(query) || query.length > 40) return null;
  return { start: at, query };
}

/** Participants whose name (any word of it) or id starts with the query, names first matched first. */
export function matchMentions(
  candidates: readonly MentionCandidate[],
  query: string,
  exclude?: string,
): MentionCandidate[] {
  const q = query.toLocaleLowerCase();
  const scored: { c: MentionCandidate; score: number }[] = [];
  for (const c of candidates) {
    if (c.id === exclude) continue;
    const name = c.name.toLocaleLowerCase();
    const score = name.startsWith(q)
      ? 0
      : name.split(/\s+/).some((w) => w.startsWith(q))
        ? 1
        : c.id.toLocaleLowerCase().startsWith(q)
          ? 2
          : name.includes(q)
            ? 3
            : -1;
    if (score >= 0) scored.push({ c, score });
  }
  scored.sort((a, b) => a.score - b.score || a.c.name.localeCompare(b.c.name));
  return scored.slice(0, MAX_SUGGESTIONS).map((s) => s.c);
}

/** The text with the typed "@query" replaced by "@Name ", and where the caret goes. */
export function insertMention(
  text: string,
  start: number,
  caret: number,
  name: string,
): { text: string; caret: number } {
  const inserted = `@${name} `;
  return { text: text.slice(0, start) + inserted + text.slice(caret), caret: start + inserted.length };
}

/** The picked people whose "@Name" is still in the text. */
export function mentionedIds(text: string, picked: ReadonlyMap<string, string>): string[] {
  const ids: string[] = [];
  for (const [id, name] of picked) if (text.includes(`@${name}`)) ids.push(id);
  return ids;
}
