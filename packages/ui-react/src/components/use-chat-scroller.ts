'use client';
/**
 * A virtualizer made for a chat log. Rows are measured as they render; whatever changes (rows
 * measured for the first time, a page of older messages added above, a row that grows), the
 * row the reader was looking at stays at the same place on screen: the view is anchored to a
 * row (by key, with its distance from the viewport's top), or to the end while the reader is
 * at the end and new messages are to be followed. Measuring and re-anchoring happen in a
 * layout effect, before the browser paints, so no intermediate position is ever shown.
 *
 * Why not a general-purpose virtualizer: the well-kept ones anchor to the start, or defer
 * their end-anchoring while a scroll is under way, and in Chromium a page of history landing
 * just after a programmatic scroll moved the view; here anchoring is the one rule, applied on
 * every layout.
 */
import { useCallback, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { layout, visibleRange } from '../core/offsets.js';

export interface ScrollerOptions {
  keys: readonly string[];
  estimate: (index: number) => number;
  scrollRef: RefObject<HTMLElement | null>;
  /** Follow new rows at the end while the reader is there (false while newer messages are not loaded). */
  follow: boolean;
  /** Rendered beyond the viewport, in px, each way. */
  overscan?: number;
  /** How close to the end counts as at the end, in px. */
  endThreshold?: number;
  /** Rows the view may be held by (not a placeholder that stays first while pages land above it). Default all. */
  anchorable?: (key: string) => boolean;
  /** A row rendered even outside the range: the one holding the keyboard focus (unmounting it would drop the focus). */
  keep?: string | undefined;
}

export interface ScrollerItem {
  index: number;
  key: string;
  start: number;
  /** Rendered only because it is kept (see `keep`), not because it is in or near the view. */
  kept?: boolean;
}

export interface ChatScroller {
  items: ScrollerItem[];
  totalSize: number;
  /** Ref for each rendered row (with `data-key`): measured after each render and when it resizes. */
  measure: (el: HTMLElement | null) => void;
  atEnd: boolean;
  distanceFromEnd: number;
  viewportHeight: number;
  scrollTop: number;
  /** The first row at least partly on screen, and the last fully on screen. */
  firstVisible: number;
  lastVisible: number;
  scrollToKey: (key: string) => void;
  scrollToEnd: () => void;
}

type Anchor = { kind: 'end' } | { kind: 'row'; key: string; delta: number };

const useLayoutEffectOnClient: typeof useLayoutEffect = (effect, deps) => {
  // Layout effects do not run in a server render; React 18 warns about them there.
  const useChosen = typeof document === 'undefined' ? noopEffect : useLayoutEffect;
  useChosen(effect, deps);
};
const noopEffect = () => {};

export function useChatScroller({
  keys,
  estimate,
  scrollRef,
  follow,
  overscan = 600,
  endThreshold = 48,
  anchorable = always,
  keep,
}: ScrollerOptions): ChatScroller {
  const [, setTick] = useState(0);
  const rerender = useCallback(() => setTick((t) => t + 1), []);
  const s = useRef({
    sizes: new Map<string, number>(),
    elements: new Map<string, HTMLElement>(),
    anchor: { kind: 'end' } as Anchor,
    scrollTop: 0,
    height: 0,
    /** The scrollTop this component last wrote: its scroll event is not the reader's. */
    wrote: -1,
    observer: null as ResizeObserver | null,
    raf: 0,
  }).current;
  const follows = useRef(follow);
  follows.current = follow;

  // Recomputed each render (a pass over the rows: cheap next to rendering even one of them); the
  // sizes map changes in place as rows are measured.
  const lay = layout(keys, s.sizes, estimate);
  // Newer messages exist below the window: rows appended there are read, not followed.
  if (!follow && s.anchor.kind === 'end' && s.height > 0)
    s.anchor = anchorAt(s.scrollTop, lay, keys, false, s.height, endThreshold, anchorable);

  const [from, to] = visibleRange(lay, s.scrollTop, s.height, overscan);
  const items: ScrollerItem[] = [];
  for (let i = from; i <= to; i++) items.push({ index: i, key: keys[i]!, start: lay.starts[i]! });
  const kept = keep === undefined ? -1 : keys.indexOf(keep);
  // In its place by index: the DOM order is the Tab order.
  if (kept >= 0 && kept < from) items.unshift({ index: kept, key: keep!, start: lay.starts[kept]!, kept: true });
  if (kept > to) items.push({ index: kept, key: keep!, start: lay.starts[kept]!, kept: true });

  const place = useCallback(
    (el: HTMLElement, top: number) => {
      const max = Math.max(0, el.scrollHeight - el.clientHeight);
      const next = Math.max(0, Math.min(top, max));
      if (Math.abs(el.scrollTop - next) < 0.5) return;
      s.wrote = next;
      el.scrollTop = next;
      s.scrollTop = el.scrollTop;
    },
    [s],
  );

  const anchorOf = useCallback(
    (top: number, l2: ReturnType<typeof layout>): Anchor =>
      anchorAt(top, l2, keys, follows.current, s.height, endThreshold, anchorable),
    [s, endThreshold, keys, anchorable],
  );

  // After each render, before paint: measure what rendered, then put the anchor back in place.
  useLayoutEffectOnClient(() => {
    const el = scrollRef.current;
    if (!el) return;
    let changed = false;
    if (el.clientHeight !== s.height) {
      s.height = el.clientHeight;
      changed = true;
    }
    for (const [key, row] of s.elements) {
      const h = row.getBoundingClientRect().height;
      if (h > 0 && Math.abs((s.sizes.get(key) ?? -1) - h) > 0.5) {
        s.sizes.set(key, h);
        changed = true;
      }
    }
    const fresh = layout(keys, s.sizes, estimate);
    const a = s.anchor;
    if (a.kind === 'end') {
      // The canvas height is React's to write; set it now so the scroll can reach the new end.
      const canvas = el.firstElementChild as HTMLElement | null;
      if (canvas) canvas.style.height = `${fresh.total}px`;
      place(el, fresh.total - s.height);
    } else {
      const i = keys.indexOf(a.key);
      if (i >= 0) {
        const canvas = el.firstElementChild as HTMLElement | null;
        if (canvas) canvas.style.height = `${fresh.total}px`;
        place(el, fresh.starts[i]! - a.delta);
      }
    }
    if (changed || Math.abs(el.scrollTop - s.scrollTop) > 0.5) {
      s.scrollTop = el.scrollTop;
      rerender();
    }
  });

  // The reader scrolls: a new anchor, a new range (once a frame).
  useLayoutEffectOnClient(() => {
    const el = scrollRef.current;
    if (!el) return;
    const onScroll = () => {
      const top = el.scrollTop;
      const mine = Math.abs(top - s.wrote) < 1;
      s.wrote = -1;
      s.scrollTop = top;
      if (!mine) s.anchor = anchorOf(top, layout(keys, s.sizes, estimate));
      if (!s.raf)
        s.raf = requestAnimationFrame(() => {
          s.raf = 0;
          rerender();
        });
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => el.removeEventListener('scroll', onScroll);
  }, [scrollRef, keys, estimate, anchorOf, rerender, s]);

  // Rows and the viewport that change size later (fonts, images, a narrower window).
  useLayoutEffectOnClient(() => {
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => rerender());
    s.observer = ro;
    if (scrollRef.current) ro.observe(scrollRef.current);
    for (const row of s.elements.values()) ro.observe(row);
    return () => {
      ro.disconnect();
      s.observer = null;
      cancelAnimationFrame(s.raf);
      s.raf = 0;
    };
  }, [scrollRef, rerender, s]);

  const measure = useCallback(
    (el: HTMLElement | null) => {
      if (!el) return;
      const key = el.dataset.key;
      if (!key) return;
      const previous = s.elements.get(key);
      if (previous === el) return;
      if (previous) s.observer?.unobserve(previous);
      s.elements.set(key, el);
      s.observer?.observe(el);
    },
    [s],
  );
  // Forget elements of rows no longer rendered.
  const rendered = new Set(items.map((i) => i.key));
  for (const [key, el] of s.elements)
    if (!rendered.has(key) || !el.isConnected) {
      s.observer?.unobserve(el);
      s.elements.delete(key);
    }

  const scrollToKey = useCallback(
    (key: string) => {
      s.anchor = { kind: 'row', key, delta: 0 };
      const el = scrollRef.current;
      const i = keys.indexOf(key);
      if (el && i >= 0) place(el, layout(keys, s.sizes, estimate).starts[i]!);
      rerender();
    },
    [s, scrollRef, keys, estimate, place, rerender],
  );
  const scrollToEnd = useCallback(() => {
    s.anchor = { kind: 'end' };
    const el = scrollRef.current;
    if (el) place(el, layout(keys, s.sizes, estimate).total);
    rerender();
  }, [s, scrollRef, keys, estimate, place, rerender]);

  const distanceFromEnd = Math.max(0, lay.total - (s.scrollTop + s.height));
  let firstVisible = -1;
  let lastVisible = -1;
  for (const it of items) {
    if (it.kept) continue;
    const end = lay.starts[it.index + 1]!;
    if (firstVisible < 0 && end > s.scrollTop + 1) firstVisible = it.index;
    if (end <= s.scrollTop + s.height + 1 && it.start >= s.scrollTop - 1) lastVisible = it.index;
  }
  return {
    items,
    totalSize: lay.total,
    measure,
    atEnd: s.height > 0 && distanceFromEnd <= endThreshold,
    distanceFromEnd,
    viewportHeight: s.height,
    scrollTop: s.scrollTop,
    firstVisible,
    lastVisible,
    scrollToKey,
    scrollToEnd,
  };
}

/** Where the view is held: the end (when following it and there), else the first row on screen and its offset. */
function anchorAt(
  top: number,
  l: ReturnType<typeof layout>,
  keys: readonly string[],
  follow: boolean,
  height: number,
  endThreshold: number,
  anchorable: (key: string) => boolean,
): Anchor {
  if (follow && l.total - (top + height) <= endThreshold) return { kind: 'end' };
  // The first row that starts on screen, rather than one cut by the top edge: a page landing
  // above can change the size of the row it joins (its first message loses its header when it
  // now continues a group), and holding that row would move everything under it.
  const n = l.starts.length - 1;
  let partial = -1;
  for (let i = 0; i < n; i++) {
    if (l.starts[i + 1]! <= top + 1 || !anchorable(keys[i]!)) continue;
    if (l.starts[i]! >= top - 1 && l.starts[i]! < top + height)
      return { kind: 'row', key: keys[i]!, delta: l.starts[i]! - top };
    if (partial < 0) partial = i;
    if (l.starts[i]! >= top + height) break;
  }
  if (partial >= 0) return { kind: 'row', key: keys[partial]!, delta: l.starts[partial]! - top };
  return { kind: 'end' };
}

const always = () => true;
