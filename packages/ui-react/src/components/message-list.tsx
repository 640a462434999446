'use client';
/**
 * The room's messages, virtualized: only the rows in and near the viewport are in the DOM,
 * whatever the length of the history. Built on TanStack Virtual's end-anchored mode, which is
 * what a chat needs: a page of older messages added above keeps the visible message where it
 * is, a new message follows the view only when it is at the end, and otherwise a "new
 * messages" button appears. The room opens on its first unread message, and what scrolls into
 * view is marked read.
 *
 * The `log` itself does not announce (its rows come and go as you scroll); new messages from
 * others are announced politely by a companion live region.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { ChatMessage } from '../core/model.js';
import { buildRows, type Row } from '../core/rows.js';
import { useOiChatContext } from '../context/context.js';
import { useMessages, type UseMessages } from '../hooks/use-messages.js';
import { useObservable } from '../hooks/use-observable.js';
import { useReadReceipts } from '../hooks/use-read-receipts.js';
import { useRoom } from '../hooks/use-room.js';
import { useUserNames } from '../hooks/use-users.js';
import { cx, useIsomorphicLayoutEffect, useRootProps } from './common.js';
import { EmptyState } from './empty-state.js';
import { ArrowDownIcon, ChatIcon } from './icons.js';
import { Message } from './message.js';
import { DateSeparator, UnreadSeparator } from './separators.js';
import { SystemMessage } from './system-message.js';

export interface MessageListProps {
  roomId: string;
  className?: string | undefined;
  /** Given, a message's reply count opens its thread through it. */
  onOpenThread?: ((message: ChatMessage) => void) | undefined;
}

const ESTIMATES: Record<Exclude<Row['kind'], 'message'>, number> = {
  'history-start': 88,
  'history-loading': 48,
  'history-more': 48,
  day: 44,
  unread: 32,
  system: 40,
};
/** Rows within this many of the loaded edge ask for the next page. */
const PREFETCH_ROWS = 6;

export function MessageList(props: MessageListProps) {
  // One list per room: scroll position, measurements and the "seen" mark start afresh.
  return <RoomMessageList key={props.roomId} {...props} />;
}

function RoomMessageList({ roomId, className, onOpenThread }: MessageListProps) {
  const { store, i18n, components } = useOiChatContext();
  const timeline = useMessages(roomId);
  const me = useObservable(store.me);
  const receipts = useReadReceipts(roomId);
  const { name: roomName } = useRoom(roomId);
  const nameOf = useUserNames();
  const root = useRootProps('oichat-messages', className);
  const scrollRef = useRef<HTMLDivElement>(null);
  const { items, hasOlder, hasNewer, firstUnreadSeq, status, generation } = timeline;

  const rows = useMemo(
    () => buildRows(items, { me, hasOlder, hasNewer, firstUnreadSeq, dayOf: i18n.dayKey }),
    [items, me, hasOlder, hasNewer, firstUnreadSeq, i18n],
  );
  const rowsRef = useRef(rows);
  rowsRef.current = rows;

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => estimateRow(rowsRef.current[i]),
    getItemKey: (i) => rowsRef.current[i]?.key ?? i,
    anchorTo: 'end',
    // Below the window there are more stored messages: appending them must not drag the view down.
    followOnAppend: !hasNewer,
    scrollEndThreshold: 48,
    overscan: 8,
    // Scroll updates render in React's own time: flushSync from a layout effect is refused by
    // React (and warned about) whenever a scroll lands during a render.
    useFlushSync: false,
  });

  // Each new window (the room opened, a jump to the latest): the first unread message, else the end.
  // The unread row is held at the top until its place stops moving (rows above it are measured as
  // they render, older pages may be added above) or the reader takes over.
  const positioned = useRef(-1);
  const [settling, setSettling] = useState(false);
  useIsomorphicLayoutEffect(() => {
    if (status !== 'ready' || positioned.current === generation) return;
    positioned.current = generation;
    const unreadIndex = rowsRef.current.findIndex((r) => r.kind === 'unread');
    if (unreadIndex < 0) {
      virtualizer.scrollToEnd();
      return;
    }
    virtualizer.scrollToIndex(unreadIndex, { align: 'start' });
    setSettling(true);
  }, [status, generation, virtualizer]);

  useEffect(() => {
    if (!settling) return;
    const el = scrollRef.current;
    let frame = 0;
    let still = 0;
    let raf = 0;
    const done = () => {
      cancelAnimationFrame(raf);
      setSettling(false);
    };
    const step = () => {
      const index = rowsRef.current.findIndex((r) => r.kind === 'unread');
      const target = index < 0 ? undefined : virtualizer.getOffsetForIndex(index, 'start')?.[0];
      if (target === undefined) return done();
      if (Math.abs(target - (virtualizer.scrollOffset ?? 0)) > 1) {
        still = 0;
        virtualizer.scrollToOffset(target);
      } else if (++still >= 3) return done();
      if (++frame < 60) raf = requestAnimationFrame(step);
      else done();
    };
    raf = requestAnimationFrame(step);
    const events = ['wheel', 'touchstart', 'keydown', 'pointerdown'] as const;
    for (const e of events) el?.addEventListener(e, done, { passive: true });
    return () => {
      cancelAnimationFrame(raf);
      for (const e of events) el?.removeEventListener(e, done);
    };
  }, [settling, virtualizer]);

  const virtualItems = virtualizer.getVirtualItems();
  const firstIndex = virtualItems[0]?.index ?? 0;
  const lastIndex = virtualItems.at(-1)?.index ?? 0;
  const atEnd = virtualizer.isAtEnd();

  // Pages: near the top of what is loaded, older ones; near its bottom (when the window stops short), newer ones.
  const { loadOlder, loadNewer, markRead } = timeline;
  useEffect(() => {
    if (status !== 'ready' || positioned.current !== generation || settling || rows.length === 0) return;
    if (hasOlder && firstIndex <= PREFETCH_ROWS) void loadOlder();
    if (hasNewer && lastIndex >= rows.length - 1 - PREFETCH_ROWS) void loadNewer();
  }, [status, generation, settling, firstIndex, lastIndex, rows.length, hasOlder, hasNewer, loadOlder, loadNewer]);

  // Read receipts: the newest message fully in view, while the page is visible.
  const lastVisibleSeq = useLastVisibleSeq(virtualizer, rows);
  useEffect(() => {
    if (lastVisibleSeq <= 0 || positioned.current !== generation) return;
    const mark = () => {
      if (document.visibilityState === 'visible') markRead(lastVisibleSeq);
    };
    mark();
    document.addEventListener('visibilitychange', mark);
    return () => document.removeEventListener('visibilitychange', mark);
  }, [lastVisibleSeq, generation, markRead]);

  // "New messages" while reading history: others' messages stored after the last one seen at the end.
  const lastStored = lastStoredMessage(items);
  const seenAtEnd = useRef(0);
  if (atEnd && !hasNewer) seenAtEnd.current = lastStored?.seq ?? 0;
  const unseen = countUnseen(items, seenAtEnd.current, me);
  const farFromEnd = virtualizer.getDistanceFromEnd() > (virtualizer.scrollRect?.height ?? 0) * 2;
  const showJump = status === 'ready' && !atEnd && (unseen > 0 || hasNewer || farFromEnd);
  const jump = useCallback(() => {
    if (hasNewer) void timeline.jumpToLatest();
    else virtualizer.scrollToEnd();
    scrollRef.current?.focus({ preventScroll: true });
  }, [hasNewer, timeline, virtualizer]);

  const announcement = useAnnouncement(lastStored, generation, me, nameOf, i18n.t);

  const C = {
    Message: components.Message ?? Message,
    SystemMessage: components.SystemMessage ?? SystemMessage,
    DateSeparator: components.DateSeparator ?? DateSeparator,
    UnreadSeparator: components.UnreadSeparator ?? UnreadSeparator,
    EmptyState: components.EmptyState ?? EmptyState,
  };
  const lastOwnKey = useMemo(() => {
    for (let i = rows.length - 1; i >= 0; i--) {
      const r = rows[i]!;
      if (r.kind === 'message' && r.own) return r.key;
    }
    return undefined;
  }, [rows]);

  const renderRow = (row: Row): ReactNode => {
    switch (row.kind) {
      case 'history-start':
        return (
          <div className="oichat-history-start">
            <span className="oichat-history-start__icon">
              <ChatIcon />
            </span>
            <p>{i18n.t('beginningOfRoom', { room: roomName || i18n.strings.untitledRoom })}</p>
          </div>
        );
      case 'history-loading':
      case 'history-more':
        return (
          <div className="oichat-history-loading" aria-hidden="true">
            <span className="oichat-spinner" />
            <span>{i18n.strings.loadingOlder}</span>
          </div>
        );
      case 'day':
        return <C.DateSeparator iso={row.iso} />;
      case 'unread':
        return <C.UnreadSeparator />;
      case 'system':
        return <C.SystemMessage item={row.item} />;
      case 'message': {
        const m = row.item.message;
        const sender = nameOf(m.sender_id);
        return (
          <C.Message
            item={row.item}
            own={row.own}
            groupStart={row.groupStart}
            groupEnd={row.groupEnd}
            senderName={sender.name}
            senderAvatar={sender.avatarUrl}
            seenBy={row.own ? seenByOf(receipts, m.seq, me, nameOf) : NO_NAMES}
            showStatus={row.key === lastOwnKey}
            onRetry={() => timeline.retry(row.key)}
            onDiscard={() => timeline.discard(row.key)}
            onOpenThread={onOpenThread}
          />
        );
      }
    }
  };

  return (
    <div {...root}>
      {status === 'loading' && items.length === 0 ? (
        <div className="oichat-messages__placeholder" role="status">
          <MessageSkeleton />
          <span className="oichat-sr-only">{i18n.strings.loadingMessages}</span>
        </div>
      ) : status === 'error' && items.length === 0 ? (
        <C.EmptyState
          title={i18n.strings.errorLoading}
          action={
            <button type="button" className="oichat-button" onClick={() => void timeline.reload()}>
              {i18n.strings.tryAgain}
            </button>
          }
        />
      ) : null}
      <div
        ref={scrollRef}
        className={cx('oichat-messages__scroller', status !== 'ready' && items.length === 0 && 'oichat-hidden')}
        role="log"
        aria-label={i18n.strings.messages}
        aria-live="off"
        aria-busy={timeline.loadingOlder || timeline.loadingNewer || status === 'loading'}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard to be scrolled with it
        tabIndex={0}
      >
        {status === 'ready' && items.length === 0 && (
          <C.EmptyState title={i18n.strings.emptyRoom} hint={i18n.strings.emptyRoomHint} icon={<ChatIcon />} />
        )}
        <div className="oichat-messages__canvas" style={{ height: virtualizer.getTotalSize() }}>
          {virtualItems.map((v) => {
            const row = rows[v.index];
            if (!row) return null;
            return (
              <div
                key={v.key as string}
                data-index={v.index}
                ref={virtualizer.measureElement}
                className={cx('oichat-row', `oichat-row--${row.kind}`)}
                style={{ transform: `translateY(${v.start}px)` }}
              >
                {renderRow(row)}
              </div>
            );
          })}
        </div>
      </div>
      {showJump && (
        <button type="button" className="oichat-jump" onClick={jump}>
          <ArrowDownIcon />
          {unseen > 0 ? i18n.t('newMessages', { count: unseen }) : i18n.strings.jumpToLatest}
        </button>
      )}
      <div className="oichat-sr-only" aria-live="polite" aria-atomic="true">
        {announcement}
      </div>
    </div>
  );
}

const NO_NAMES: readonly string[] = [];

function estimateRow(row: Row | undefined): number {
  if (!row) return 40;
  if (row.kind !== 'message') return ESTIMATES[row.kind];
  const lines = Math.min(8, Math.ceil(row.item.message.content.length / 60));
  return (row.groupStart ? (row.own ? 20 : 30) : 4) + 22 * Math.max(1, lines) + 16 + (row.groupEnd ? 8 : 0);
}

function lastStoredMessage(items: UseMessages['items']): ChatMessage | undefined {
  for (let i = items.length - 1; i >= 0; i--) if (items[i]!.state === 'sent') return items[i]!.message;
  return undefined;
}

function countUnseen(items: UseMessages['items'], seenSeq: number, me: string | undefined): number {
  let n = 0;
  for (let i = items.length - 1; i >= 0; i--) {
    const m = items[i]!.message;
    if (items[i]!.state !== 'sent') continue;
    if (m.seq <= seenSeq) break;
    if (m.sender_id !== me) n++;
  }
  return n;
}

function seenByOf(
  receipts: ReadonlyMap<string, number>,
  seq: number,
  me: string | undefined,
  nameOf: (id: string) => { name: string },
): readonly string[] {
  if (seq <= 0 || receipts.size === 0) return NO_NAMES;
  const names: string[] = [];
  for (const [userId, read] of receipts) if (userId !== me && read >= seq) names.push(nameOf(userId).name);
  return names.length > 0 ? names : NO_NAMES;
}

/** The seq of the newest stored message whose bottom is inside the viewport (0 when none). */
function useLastVisibleSeq(
  virtualizer: ReturnType<typeof useVirtualizer<HTMLDivElement, Element>>,
  rows: Row[],
): number {
  const offset = virtualizer.scrollOffset ?? 0;
  const height = virtualizer.scrollRect?.height ?? 0;
  if (height === 0) return 0;
  const bottom = offset + height;
  let seq = 0;
  for (const v of virtualizer.getVirtualItems()) {
    if (v.end > bottom + 1) break;
    const row = rows[v.index];
    if (
      row &&
      (row.kind === 'message' || row.kind === 'system') &&
      row.item.state === 'sent' &&
      v.start >= offset - v.size
    )
      seq = Math.max(seq, row.item.message.seq);
  }
  return seq;
}

/** Text for the polite live region: the newest message from someone else that arrived live (not a page read). */
function useAnnouncement(
  last: ChatMessage | undefined,
  generation: number,
  me: string | undefined,
  nameOf: (id: string) => { name: string },
  t: ReturnType<typeof useOiChatContext>['i18n']['t'],
): string {
  const [text, setText] = useState('');
  const seen = useRef<{ generation: number; seq: number } | null>(null);
  const seq = last?.seq ?? 0;
  useEffect(() => {
    const prev = seen.current;
    seen.current = { generation, seq };
    if (!prev || prev.generation !== generation || seq <= prev.seq || !last || last.sender_id === me) return;
    setText(t('newMessageFrom', { name: nameOf(last.sender_id).name, text: last.content.slice(0, 200) }));
  }, [seq, generation, last, me, nameOf, t]);
  return text;
}

function MessageSkeleton() {
  return (
    <div className="oichat-skeleton" aria-hidden="true">
      {[62, 40, 75, 30, 55].map((w, i) => (
        <div key={w} className={cx('oichat-skeleton__row', i % 2 === 1 && 'oichat-skeleton__row--own')}>
          {i % 2 === 0 && <span className="oichat-skeleton__avatar" />}
          <span className="oichat-skeleton__bubble" style={{ width: `${w}%` }} />
        </div>
      ))}
    </div>
  );
}
