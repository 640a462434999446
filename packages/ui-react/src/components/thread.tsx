'use client';
/**
 * <Thread root={message} />: a message and its replies beside the room (in <Chat>, opened by a
 * message's reply count or its "Reply in thread"), with a composer whose text box is "Reply".
 * A `complementary` region named "Thread"; its replies are a `log`, new ones announced politely.
 */
import { useEffect, useMemo, useRef } from 'react';
import type { ChatMessage } from '../core/model.js';
import { buildRows } from '../core/rows.js';
import { useOiChatContext } from '../context/context.js';
import { useObservable } from '../hooks/use-observable.js';
import { useRoom } from '../hooks/use-room.js';
import { useThread } from '../hooks/use-thread.js';
import { useUserNames } from '../hooks/use-users.js';
import { useRootProps } from './common.js';
import { Composer } from './composer.js';
import { CloseIcon } from './icons.js';
import { Message } from './message.js';
import { DateSeparator } from './separators.js';

export interface ThreadProps {
  root: ChatMessage;
  onClose?: (() => void) | undefined;
  autoFocus?: boolean | undefined;
  className?: string | undefined;
}

/** Within this distance of the end, a new reply keeps the view at the end. */
const FOLLOW_PX = 80;

export function Thread({ root: given, onClose, autoFocus, className }: ThreadProps) {
  const { store, i18n, components } = useOiChatContext();
  const thread = useThread(given);
  const me = useObservable(store.me);
  const nameOf = useUserNames();
  const { name: roomName } = useRoom(given.room_id);
  const rootProps = useRootProps('oichat-thread', className);
  const scrollRef = useRef<HTMLDivElement>(null);
  const root = thread.root;
  const M = components.Message ?? Message;
  const D = components.DateSeparator ?? DateSeparator;

  const rows = useMemo(
    () =>
      buildRows(thread.replies, {
        me,
        hasOlder: false,
        hasNewer: false,
        firstUnreadSeq: null,
        dayOf: i18n.dayKey,
      }).filter(
        // The replies of the root's own day need no separator under it.
        (r, i) =>
          r.kind !== 'history-start' &&
          !(i === 1 && r.kind === 'day' && r.key === `day:${i18n.dayKey(given.created_at)}`),
      ),
    [thread.replies, me, i18n, given.created_at],
  );

  // Follow the end as replies come, unless I scrolled up to read.
  const atEnd = useRef(true);
  const count = thread.replies.length;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the reply count is the trigger
  useEffect(() => {
    const el = scrollRef.current;
    if (el && atEnd.current) el.scrollTop = el.scrollHeight;
  }, [count]);

  const sender = nameOf(root.sender_id);
  const replies = thread.replies.filter((r) => r.state === 'sent').length;
  return (
    <section {...rootProps} aria-label={i18n.strings.thread}>
      <header className="oichat-thread__header">
        <div className="oichat-thread__title">
          <h2>{i18n.strings.thread}</h2>
          {roomName && <span className="oichat-thread__room">{roomName}</span>}
        </div>
        {onClose && (
          <button
            type="button"
            className="oichat-icon-button"
            aria-label={i18n.strings.closeThread}
            title={i18n.strings.closeThread}
            onClick={onClose}
          >
            <CloseIcon />
          </button>
        )}
      </header>
      <div
        ref={scrollRef}
        className="oichat-thread__scroller"
        onScroll={(e) => {
          const el = e.currentTarget;
          atEnd.current = el.scrollHeight - el.scrollTop - el.clientHeight < FOLLOW_PX;
        }}
      >
        <div className="oichat-thread__root">
          <M
            item={{ key: root.message_id, message: root, state: 'sent' }}
            own={root.sender_id === me}
            groupStart
            groupEnd
            senderName={sender.name}
            senderAvatar={sender.avatarUrl}
            seenBy={NO_NAMES}
            showStatus={false}
            onRetry={noop}
            onDiscard={noop}
            inThread
          />
        </div>
        <div className="oichat-thread__count" role="presentation">
          <span>{replies > 0 ? i18n.t('replies', { count: replies }) : i18n.strings.noReplies}</span>
        </div>
        {thread.hasOlder && (
          <button
            type="button"
            className="oichat-link-button oichat-thread__older"
            onClick={() => void thread.loadOlder()}
            disabled={thread.loadingOlder}
          >
            {i18n.strings.loadEarlierReplies}
          </button>
        )}
        <div
          className="oichat-thread__replies"
          role="log"
          aria-label={i18n.strings.reply}
          aria-live="polite"
          aria-busy={thread.status === 'loading'}
        >
          {rows.map((row) => {
            if (row.kind === 'day') return <D key={row.key} iso={row.iso} />;
            if (row.kind !== 'message' && row.kind !== 'system') return null;
            const m = row.item.message;
            const who = nameOf(m.sender_id);
            return (
              <M
                key={row.key}
                item={row.item}
                own={row.kind === 'message' ? row.own : false}
                groupStart={row.kind === 'message' ? row.groupStart : true}
                groupEnd={row.kind === 'message' ? row.groupEnd : true}
                senderName={who.name}
                senderAvatar={who.avatarUrl}
                seenBy={NO_NAMES}
                showStatus={row.item.state === 'failed'}
                onRetry={() => thread.retry(row.key)}
                onDiscard={() => thread.discard(row.key)}
                inThread
              />
            );
          })}
        </div>
      </div>
      <Composer roomId={root.room_id} thread={root} onSend={thread.send} autoFocus={autoFocus} />
    </section>
  );
}

const NO_NAMES: readonly string[] = [];
const noop = () => {};
