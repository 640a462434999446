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
import { useChatScroller } from './use-chat-scroller.js';
import { useLogFocus } from './use-log-focus.js';
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
  const { items, hasOlder, hasNewer, firstUnreadSeq, status, generation, focusSeq } = timeline;
  // The row a jump brought into view is highlighted for a moment.
  const [flash, setFlash] = useState<string | null>(null);
  useEffect(() => {
    if (!flash) return;
    const t = setTimeout(() => setFlash(null), 2000);
    return () => clearTimeout(t);
  }, [flash]);

  const rows = useMemo(
    () => buildRows(items, { me, hasOlder, hasNewer, firstUnreadSeq, dayOf: i18n.dayKey }),
    [items, me, hasOlder, hasNewer, firstUnreadSeq, i18n],
  );
  const rowsRef = useRef(rows);
  rowsRef.current = rows;

  const keys = useMemo(() => rows.map((r) => r.key), [rows]);
  const estimate = useCallback((i: number) => estimateRow(rowsRef.current[i]), []);
  const focus = useLogFocus(rows, scrollRef);
  const scroller = useChatScroller({
    keys,
    estimate,
    scrollRef,
    follow: !hasNewer,
    anchorable: notLoader,
    keep: focus.keep,
  });
  focus.attach(scroller);

  // Each new window (the room opened, a jump to the latest): the first unread message, else the
  // end. The scroller then holds that row in place while the rows above it are measured.
  const positioned = useRef(-1);
  useIsomorphicLayoutEffect(() => {
    if (status !== 'ready' || positioned.current === generation) return;
    positioned.current = generation;
    const focus =
      focusSeq !== null &&
      rowsRef.current.find((r) => (r.kind === 'message' || r.kind === 'system') && r.item.message.seq === focusSeq);
    const unread = rowsRef.current.find((r) => r.kind === 'unread');
    if (focus) {
      scroller.scrollToKey(focus.key);
      setFlash(focus.key);
    } else if (unread) scroller.scrollToKey(unread.key);
    else scroller.scrollToEnd();
  }, [status, generation, focusSeq, scroller.scrollToKey, scroller.scrollToEnd]);

  // My own new message goes to the end, wherever I was reading.
  const lastKey = items.at(-1)?.key;
  const lastIsPending = items.at(-1)?.state === 'sending';
  useIsomorphicLayoutEffect(() => {
    if (lastIsPending) scroller.scrollToEnd();
  }, [lastKey, lastIsPending, scroller.scrollToEnd]);

  const inRange = scroller.items.filter((v) => !v.kept);
  const firstIndex = inRange[0]?.index ?? 0;
  const lastIndex = inRange.at(-1)?.index ?? 0;
  const atEnd = scroller.atEnd;

  // Pages: near the top of what is loaded, older ones; near its bottom (when the window stops short), newer ones.
  const { loadOlder, loadNewer, markRead } = timeline;
  useEffect(() => {
    if (status !== 'ready' || positioned.current !== generation || rows.length === 0) return;
    if (hasOlder && firstIndex <= PREFETCH_ROWS) void loadOlder();
    if (hasNewer && lastIndex >= rows.length - 1 - PREFETCH_ROWS) void loadNewer();
  }, [status, generation, firstIndex, lastIndex, rows.length, hasOlder, hasNewer, loadOlder, loadNewer]);

  // Read receipts: the newest message fully in view, while the page is visible.
  const lastVisibleSeq = lastSeqUpTo(rows, scroller.lastVisible);
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
  const seenGeneration = useRef(-1);
  // What a window holds when it opens is not news (the unread mark shows where that starts).
  if (status === 'ready' && seenGeneration.current !== generation) {
    seenGeneration.current = generation;
    seenAtEnd.current = lastStored?.seq ?? 0;
  }
  if (atEnd && !hasNewer) seenAtEnd.current = lastStored?.seq ?? 0;
  const unseen = countUnseen(items, seenAtEnd.current, me);
  const farFromEnd = scroller.distanceFromEnd > scroller.viewportHeight * 2;
  const showJump = status === 'ready' && !atEnd && (unseen > 0 || hasNewer || farFromEnd);
  const jump = useCallback(() => {
    if (hasNewer) void timeline.jumpToLatest();
    else scroller.scrollToEnd();
    scrollRef.current?.focus({ preventScroll: true });
  }, [hasNewer, timeline, scroller.scrollToEnd]);

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
        // Focusable from code only (the jump button): the Tab stop is a message (see useLogFocus).
        tabIndex={-1}
        onKeyDown={focus.onKeyDown}
        onFocus={focus.onFocus}
        onBlur={focus.onBlur}
      >
        {status === 'ready' && items.length === 0 && (
          <C.EmptyState title={i18n.strings.emptyRoom} hint={i18n.strings.emptyRoomHint} icon={<ChatIcon />} />
        )}
        <div className="oichat-messages__canvas" style={{ height: scroller.totalSize }}>
          {scroller.items.map((v) => {
            const row = rows[v.index];
            if (!row) return null;
            return (
              <div
                key={v.key}
                data-key={v.key}
                data-index={v.index}
                ref={scroller.measure}
                className={cx('oichat-row', `oichat-row--${row.kind}`, flash === v.key && 'oichat-row--found')}
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
/**
 * Rows that keep their place when older messages land: messages and the unread mark. Not the
 * loading row (it stays first) nor a day separator (it moves up to the first message of its day).
 */
const notLoader = (key: string) => !key.startsWith('history-') && !key.startsWith('day:');

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

/** The seq of the newest stored message at or above a row (0 when none). */
function lastSeqUpTo(rows: Row[], index: number): number {
  for (let i = Math.min(index, rows.length - 1); i >= 0; i--) {
    const row = rows[i]!;
    if ((row.kind === 'message' || row.kind === 'system') && row.item.state === 'sent') return row.item.message.seq;
  }
  return 0;
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
