/**
 * Splits message text into plain text and links, for rendering as React text nodes and anchors:
 * content is never parsed as HTML. Only http(s) URLs, `www.` hosts and e-mail addresses become
 * links, and each href is rebuilt through the URL parser and checked to be http, https or
 * mailto, so `javascript:` and friends stay text whatever the message says.
 */

export type Segment =
  | { kind: 'text'; text: string }
  | { kind: 'link'; text: string; href: string }
  | { kind: 'mention'; text: string; userId: string };

// A URL runs to the next white space or character that cannot end one in prose; trailing
// punctuation is trimmed after the match (see trimUrl).
const LINK = /\bhttps?:\/\/[^\s<>"'`]+|\bwww\.[^\s<>"'`]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+/giu;
const TRAILING = /[.,;:!?'"’”)\]}>]$/u;

function trimUrl(raw: string): string {
  let url = raw;
  // Strip trailing punctuation one character at a time, but keep a closing parenthesis that
  // balances one inside the URL (https://en.wikipedia.org/wiki/Foo_(bar)).
  while (TRAILING.test(url)) {
    const last = url.at(-1);
    if (last === ')' && count(url, '(') >= count(url, ')')) return url;
    url = url.slice(0, -1);
  }
  return url;
}

const count = (s: string, ch: string): number => s.split(ch).length - 1;

/** The safe href for a matched link, or null when it would not be one. */
export function safeHref(text: string): string | null {
  const candidate = text.includes('@') && !/^(https?:\/\/|www\.)/iu.test(text) ? `mailto:${text}` : text;
  const withScheme = /^www\./iu.test(candidate) ? `https://${candidate}` : candidate;
  try {
    const url = new URL(withScheme);
    if (url.protocol !== 'http:' && url.protocol !== 'https:' && url.protocol !== 'mailto:') return null;
    return url.href;
  } catch {
    return null;
  }
}

/**
 * `mentions`: user id → display name of people the message mentions; `@Name` in the text is
 * then a mention segment (the message features' `mentions` field says who, not where).
 */
export function segment(content: string, mentions?: ReadonlyMap<string, string>): Segment[] {
  const out: Segment[] = [];
  const pushText = (text: string) => {
    if (text === '') return;
    if (mentions && mentions.size > 0) out.push(...splitMentions(text, mentions));
    else out.push({ kind: 'text', text });
  };
  let last = 0;
  for (const match of content.matchAll(LINK)) {
    const start = match.index ?? 0;
    const text = trimUrl(match[0]);
    const href = text === '' ? null : safeHref(text);
    if (!href) continue;
    pushText(content.slice(last, start));
    out.push({ kind: 'link', text, href });
    last = start + text.length;
  }
  pushText(content.slice(last));
  return out;
}

function splitMentions(text: string, mentions: ReadonlyMap<string, string>): Segment[] {
  const names = [...mentions].map(([userId, name]) => ({ userId, token: `@${name}` }));
  // Longest first, so "@Ann Lee" wins over "@Ann".
  names.sort((a, b) => b.token.length - a.token.length);
  const out: Segment[] = [];
  let rest = text;
  let buffer = '';
  while (rest.length > 0) {
    const hit = rest.startsWith('@') ? names.find((n) => rest.startsWith(n.token)) : undefined;
    if (hit) {
      if (buffer) out.push({ kind: 'text', text: buffer });
      buffer = '';
      out.push({ kind: 'mention', text: hit.token, userId: hit.userId });
      rest = rest.slice(hit.token.length);
    } else {
      buffer += rest[0];
      rest = rest.slice(1);
    }
  }
  if (buffer) out.push({ kind: 'text', text: buffer });
  return out;
}
