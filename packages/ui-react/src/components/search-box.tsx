'use client';
/**
 * <SearchBox roomId? onSelect? />: message search. A `search` landmark with a search box named
 * "Search messages"; results (newest first) are buttons with who, when and the text with the
 * words found marked; ↓ from the box goes to them, ↑ ↓ move, Escape clears. In <Chat>, a
 * result opens the message in the room (or its thread).
 */
import { type KeyboardEvent, useId, useRef, useState } from 'react';
import type { ChatMessage } from '../core/model.js';
import { useOiChatContext } from '../context/context.js';
import { useSearch } from '../hooks/use-search.js';
import { useUserNames } from '../hooks/use-users.js';
import { Avatar } from './avatar.js';
import { useRootProps } from './common.js';
import { CloseIcon, SearchIcon } from './icons.js';

export interface SearchBoxProps {
  /** Search one room (default: every room of mine). */
  roomId?: string | undefined;
  onSelect?: ((message: ChatMessage) => void) | undefined;
  onClose?: (() => void) | undefined;
  autoFocus?: boolean | undefined;
  className?: string | undefined;
}

export function SearchBox({ roomId, onSelect, onClose, autoFocus, className }: SearchBoxProps) {
  const { i18n, components } = useOiChatContext();
  const [query, setQuery] = useState('');
  const search = useSearch(query, { roomId });
  const nameOf = useUserNames();
  const root = useRootProps('oichat-search', className);
  const listRef = useRef<HTMLUListElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const statusId = useId();
  const A = components.Avatar ?? Avatar;
  const s = i18n.strings;

  const results = () => [...(listRef.current?.querySelectorAll<HTMLElement>('.oichat-search__hit') ?? [])];
  const onInputKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      results()[0]?.focus();
    } else if (e.key === 'Escape') {
      if (query) setQuery('');
      else onClose?.();
    }
  };
  const onListKey = (e: KeyboardEvent<HTMLUListElement>) => {
    const all = results();
    const at = all.indexOf(document.activeElement as HTMLElement);
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      all[Math.min(all.length - 1, at + 1)]?.focus();
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      if (at <= 0) inputRef.current?.focus();
      else all[at - 1]?.focus();
    } else if (e.key === 'Escape') {
      inputRef.current?.focus();
    }
  };

  const q = query.trim();
  const statusText =
    q === ''
      ? ''
      : search.status === 'loading' && search.results.length === 0
        ? s.searching
        : search.status === 'error'
          ? s.errorLoading
          : search.status === 'ready' && search.results.length === 0
            ? i18n.t('searchNoResults', { query: q })
            : search.status === 'ready'
              ? i18n.t('searchResults', { count: search.results.length })
              : '';
  return (
    <section {...root} aria-label={s.searchMessages}>
      {/* biome-ignore lint/a11y/useSemanticElements: <search> is too new for React 18's types and older browsers' landmarks */}
      <div className="oichat-search__bar" role="search">
        <span className="oichat-search__icon">
          <SearchIcon />
        </span>
        <input
          ref={inputRef}
          type="search"
          className="oichat-search__input"
          aria-label={s.searchMessages}
          aria-describedby={statusId}
          placeholder={roomId ? s.searchPlaceholder : s.searchMessages}
          value={query}
          // biome-ignore lint/a11y/noAutofocus: opened on purpose by the user, who types next
          autoFocus={autoFocus}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={onInputKey}
        />
        {onClose && (
          <button
            type="button"
            className="oichat-icon-button"
            aria-label={s.closeSearch}
            title={s.closeSearch}
            onClick={onClose}
          >
            <CloseIcon />
          </button>
        )}
      </div>
      <p id={statusId} className="oichat-search__status" role="status">
        {search.available ? statusText : s.searchUnavailable}
      </p>
      {search.results.length > 0 && (
        <ul ref={listRef} className="oichat-search__results" onKeyDown={onListKey}>
          {search.results.map((m) => {
            const who = nameOf(m.sender_id);
            return (
              <li key={m.message_id}>
                <button type="button" className="oichat-search__hit" onClick={() => onSelect?.(m)}>
                  <A userId={m.sender_id} name={who.name} src={who.avatarUrl} size="sm" />
                  <span className="oichat-search__text">
                    <span className="oichat-search__meta">
                      <span className="oichat-search__name">{who.name}</span>
                      <time dateTime={m.created_at}>{i18n.listTime(m.created_at)}</time>
                    </span>
                    <span className="oichat-search__snippet">{highlight(m.content, q)}</span>
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {search.hasMore && (
        <button type="button" className="oichat-link-button oichat-search__more" onClick={search.loadMore}>
          {s.moreResults}
        </button>
      )}
    </section>
  );
}

/** The text with each word of the query marked (text nodes only: content is never HTML). */
function highlight(text: string, query: string) {
  const words = query.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return text;
  const lower = text.toLocaleLowerCase();
  const parts: (string | { mark: string })[] = [];
  let i = 0;
  while (i < text.length) {
    let best = -1;
    let len = 0;
    for (const w of words) {
      const at = lower.indexOf(w, i);
      if (at >= 0 && (best < 0 || at < best)) {
        best = at;
        len = w.length;
      }
    }
    if (best < 0) break;
    if (best > i) parts.push(text.slice(i, best));
    parts.push({ mark: text.slice(best, best + len) });
    i = best + len;
  }
  if (i < text.length) parts.push(text.slice(i));
  return parts.map((p, k) =>
    // biome-ignore lint/suspicious/noArrayIndexKey: pieces of one text have no identity but their place
    typeof p === 'string' ? p : <mark key={k}>{p.mark}</mark>,
  );
}
