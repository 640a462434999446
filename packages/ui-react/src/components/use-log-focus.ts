'use client';
/**
 * Keyboard focus in the message log, as a roving tab stop (the WAI-ARIA practice for composite
 * widgets, as React Aria's GridList and Slack's message list do it): the log is one Tab stop,
 * one message at a time; ↑ ↓ move between messages, Home and End go to the first and last one
 * loaded; Tab from a message goes through that message's own controls (toolbar, reactions,
 * replies, links) and then out of the log; Escape in a control goes back to its message. The
 * controls of every other message are out of the Tab order, so a long room is not hundreds of
 * stops.
 *
 * The tab stops are set on the rendered DOM after each render rather than by each part, so a
 * message part replaced through `components` follows the same rule.
 */
import { type FocusEvent, type KeyboardEvent, type RefObject, useCallback, useRef, useState } from 'react';
import type { Row } from '../core/rows.js';
import { useIsomorphicLayoutEffect } from './common.js';
import type { ChatScroller } from './use-chat-scroller.js';

const FOCUSABLE = 'a[href], button, input, select, textarea, summary, [tabindex]';
/** The tabindex an element had before it was taken out of the Tab order ("" for none). */
const PARKED = 'data-oichat-tabindex';
/** Where Escape and the arrows belong to the part itself. */
const OWN_KEYS = 'dialog, [role="menu"], [role="alertdialog"], [role="listbox"], [role="group"], textarea, input';

const navigable = (row: Row | undefined): boolean => row?.kind === 'message' || row?.kind === 'system';

type Scroller = Pick<ChatScroller, 'items' | 'lastVisible' | 'scrollToKey' | 'scrollToEnd'>;

export interface LogFocus {
  /** The row to keep rendered while the focus is in it (for the scroller). */
  keep: string | undefined;
  /** The scroller made with `keep`: its rendered rows are where the tab stop can be. */
  attach: (scroller: Scroller) => void;
  onKeyDown: (e: KeyboardEvent<HTMLElement>) => void;
  onFocus: (e: FocusEvent<HTMLElement>) => void;
  onBlur: (e: FocusEvent<HTMLElement>) => void;
}

export function useLogFocus(rows: readonly Row[], scrollRef: RefObject<HTMLElement | null>): LogFocus {
  const [active, setActive] = useState<string | null>(null);
  const [inside, setInside] = useState(false);
  /** A row to focus once it is rendered (after a move to a row off screen). */
  const pending = useRef<string | null>(null);
  const scrollerRef = useRef<Scroller | null>(null);
  const attach = useCallback((s: Scroller) => {
    scrollerRef.current = s;
  }, []);

  // After each render: the tab stop is the message last focused while it is rendered, else the
  // newest one fully on screen.
  useIsomorphicLayoutEffect(() => {
    const root = scrollRef.current;
    const scroller = scrollerRef.current;
    if (!root || !scroller) return;
    let stop: string | undefined;
    if (active !== null && scroller.items.some((v) => v.key === active)) stop = active;
    else
      for (const v of scroller.items)
        if (!v.kept && navigable(rows[v.index]) && (v.index <= scroller.lastVisible || stop === undefined))
          stop = v.key;
    syncTabStops(root, stop, inside);
    const key = pending.current;
    if (key === null) return;
    const article = articleOf(root, key);
    if (!article) return;
    pending.current = null;
    article.focus({ preventScroll: true });
    bringIntoView(root, article.closest<HTMLElement>('.oichat-row') ?? article);
  });

  const moveTo = useCallback(
    (index: number, root: HTMLElement) => {
      const row = rows[index];
      if (!row) return;
      pending.current = row.key;
      setActive(row.key);
      const article = articleOf(root, row.key);
      if (article) {
        pending.current = null;
        article.focus({ preventScroll: true });
        bringIntoView(root, article.closest<HTMLElement>('.oichat-row') ?? article);
      } else if (findIndex(rows, index + 1, 1) < 0) scrollerRef.current?.scrollToEnd();
      else scrollerRef.current?.scrollToKey(row.key);
    },
    [rows],
  );

  const onKeyDown = useCallback(
    (e: KeyboardEvent<HTMLElement>) => {
      const root = scrollRef.current;
      const target = e.target as HTMLElement;
      const rowEl = target.closest<HTMLElement>('.oichat-row');
      if (!root || !rowEl || !root.contains(rowEl) || e.altKey || e.ctrlKey || e.metaKey) return;
      const article = rowEl.querySelector<HTMLElement>('article');
      if (target !== article) {
        // In one of the message's controls: Escape goes back to the message (unless the control uses it).
        if (e.key === 'Escape' && !e.defaultPrevented && !target.closest(OWN_KEYS) && article) {
          e.preventDefault();
          article.focus();
        }
        return;
      }
      const i = rows.findIndex((r) => r.key === rowEl.dataset.key);
      let next = -1;
      if (e.key === 'ArrowUp') next = findIndex(rows, i - 1, -1);
      else if (e.key === 'ArrowDown') next = findIndex(rows, i + 1, 1);
      else if (e.key === 'Home') next = findIndex(rows, 0, 1);
      else if (e.key === 'End') next = findIndex(rows, rows.length - 1, -1);
      else return;
      // At the first or last message: the key does nothing (the view does not scroll under it either).
      e.preventDefault();
      if (next >= 0 && next !== i) moveTo(next, root);
    },
    [rows, scrollRef, moveTo],
  );

  const onFocus = useCallback(
    (e: FocusEvent<HTMLElement>) => {
      setInside(true);
      const rowEl = (e.target as HTMLElement).closest<HTMLElement>('.oichat-row');
      const key = rowEl?.dataset.key;
      if (key && navigable(rows.find((r) => r.key === key))) setActive(key);
    },
    [rows],
  );
  const onBlur = useCallback(
    (e: FocusEvent<HTMLElement>) => {
      const next = e.relatedTarget as Node | null;
      if (!next || !scrollRef.current?.contains(next)) setInside(false);
    },
    [scrollRef],
  );

  return { keep: inside && active !== null ? active : undefined, attach, onKeyDown, onFocus, onBlur };
}

function findIndex(rows: readonly Row[], from: number, step: 1 | -1): number {
  for (let i = from; i >= 0 && i < rows.length; i += step) if (navigable(rows[i])) return i;
  return -1;
}

function articleOf(root: HTMLElement, key: string): HTMLElement | null {
  for (const row of root.querySelectorAll<HTMLElement>('.oichat-row'))
    if (row.dataset.key === key) return row.querySelector<HTMLElement>('article');
  return null;
}

/** Scrolls the log (and only it) the least that shows the row whole, or its top when it is taller. */
function bringIntoView(root: HTMLElement, el: HTMLElement): void {
  const view = root.getBoundingClientRect();
  const box = el.getBoundingClientRect();
  if (box.top < view.top) root.scrollTop += box.top - view.top;
  else if (box.bottom > view.bottom) root.scrollTop += Math.min(box.bottom - view.bottom, box.top - view.top);
}

/**
 * One article in the log is a Tab stop (the others are focusable by the arrows and a click);
 * the controls in a message are in the Tab order only in that message, and only while the focus
 * is in the log (coming back with Shift+Tab lands on the message, not on its last control).
 */
function syncTabStops(root: HTMLElement, stop: string | undefined, inside: boolean): void {
  for (const row of root.querySelectorAll<HTMLElement>('.oichat-row')) {
    const isStop = row.dataset.key === stop;
    const article = row.querySelector<HTMLElement>('article');
    if (article) {
      const want = isStop ? '0' : '-1';
      if (article.getAttribute('tabindex') !== want) article.setAttribute('tabindex', want);
    }
    const open = isStop && inside;
    for (const el of row.querySelectorAll<HTMLElement>(FOCUSABLE)) {
      if (el === article) continue;
      const parked = el.getAttribute(PARKED);
      if (open) {
        if (parked === null) continue;
        el.removeAttribute(PARKED);
        if (parked === '') el.removeAttribute('tabindex');
        else el.setAttribute('tabindex', parked);
      } else if (parked === null && el.tabIndex >= 0) {
        el.setAttribute(PARKED, el.getAttribute('tabindex') ?? '');
        el.setAttribute('tabindex', '-1');
      }
    }
  }
}
