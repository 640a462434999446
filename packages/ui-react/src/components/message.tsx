'use client';
/**
 * One message: avatar and name at the start of a group, the bubble (mine on the right, in the
 * accent color), then what hangs under it: reactions, the thread's reply count, and for mine
 * the delivery state. On hover or keyboard focus a toolbar offers react, reply in thread, and
 * for mine edit (in place) and delete. An `article` whose accessible name is the sender and the time.
 */
import { memo, useCallback, useId, useState } from 'react';
import { attachmentsOf, isDeleted, isSystem, reactionsOf, replyCountOf } from '../core/model.js';
import { useOiChatContext } from '../context/context.js';
import { useMessageActions } from '../hooks/use-message-actions.js';
import { Attachments } from './attachments.js';
import { Avatar } from './avatar.js';
import { cx } from './common.js';
import { ThreadIcon } from './icons.js';
import { MessageActions } from './message-actions.js';
import { MessageContent } from './message-content.js';
import { MessageEditor } from './message-editor.js';
import { MessageStatus } from './message-status.js';
import { Reactions } from './reactions.js';
import type { MessageProps } from './types.js';

export const Message = memo(function Message({
  item,
  own,
  groupStart,
  groupEnd,
  senderName,
  senderAvatar,
  seenBy,
  showStatus,
  onRetry,
  onDiscard,
  onOpenThread,
  inThread,
  className,
}: MessageProps) {
  const { i18n, components } = useOiChatContext();
  const actions = useMessageActions();
  const [editing, setEditing] = useState(false);
  const [menuOpen, setMenuOpen] = useState(false);
  const [failed, setFailed] = useState(false);
  const C = {
    Avatar: components.Avatar ?? Avatar,
    Content: components.MessageContent ?? MessageContent,
    Reactions: components.Reactions ?? Reactions,
    Attachments: components.Attachments ?? Attachments,
  };
  const id = useId();
  const m = item.message;
  const time = i18n.time(m.created_at);
  const reactions = reactionsOf(m);
  const attachments = attachmentsOf(m);
  const replies = replyCountOf(m);
  const name = own ? i18n.strings.you : senderName;
  const showHeader = groupStart && !own;
  const stored = item.state === 'sent' && m.seq > 0 && !isDeleted(m) && !isSystem(m);
  const { can } = actions;
  const attempt = useCallback((work: () => Promise<unknown>) => {
    setFailed(false);
    work().catch(() => setFailed(true));
  }, []);
  const react = stored && can.reactions ? (type: string) => attempt(() => actions.toggleReaction(m, type)) : undefined;
  const reply = stored && can.threads && onOpenThread && !inThread ? () => onOpenThread(m) : undefined;
  const edit = stored && own && can.edit && m.content_type === 'text' ? () => setEditing(true) : undefined;
  const remove = stored && own && can.delete ? () => attempt(() => actions.remove(m)) : undefined;
  return (
    <article
      className={cx(
        'oichat-message',
        own ? 'oichat-message--own' : 'oichat-message--other',
        groupStart && 'oichat-message--group-start',
        groupEnd && 'oichat-message--group-end',
        item.state !== 'sent' && `oichat-message--${item.state}`,
        isDeleted(m) && 'oichat-message--deleted',
        (menuOpen || editing) && 'oichat-message--active',
        className,
      )}
      aria-labelledby={`${id}-name ${id}-time`}
      data-seq={m.seq || undefined}
      data-message-id={item.state === 'sent' ? m.message_id : undefined}
      data-state={item.state}
    >
      <div className="oichat-message__gutter">
        {showHeader ? (
          <C.Avatar userId={m.sender_id} name={senderName} src={senderAvatar} size="md" />
        ) : (
          <time className="oichat-message__hover-time" dateTime={m.created_at} aria-hidden="true">
            {time}
          </time>
        )}
      </div>
      <div className="oichat-message__body">
        {groupStart ? (
          <div className="oichat-message__header">
            <span className={own ? 'oichat-sr-only' : 'oichat-message__name'} id={`${id}-name`}>
              {name}
            </span>
            <time
              className="oichat-message__time"
              id={`${id}-time`}
              dateTime={m.created_at}
              title={i18n.dateTime(m.created_at)}
            >
              {time}
            </time>
          </div>
        ) : (
          <>
            <span className="oichat-sr-only" id={`${id}-name`}>
              {name}
            </span>
            <span className="oichat-sr-only" id={`${id}-time`}>
              {time}
            </span>
          </>
        )}
        {editing ? (
          <MessageEditor
            initial={m.content}
            onCancel={() => setEditing(false)}
            onSave={(content) => {
              setEditing(false);
              attempt(() => actions.edit(m, content));
            }}
          />
        ) : (
          <div className="oichat-message__bubble">
            {(m.content !== '' || isDeleted(m) || attachments.length === 0) && <C.Content message={m} />}
            {attachments.length > 0 && <C.Attachments message={m} attachments={attachments} />}
          </div>
        )}
        {!editing && (
          <MessageActions
            className="oichat-message__actions"
            mine={reactions.filter((r) => r.mine).map((r) => r.type)}
            onReact={react}
            onReply={reply}
            onEdit={edit}
            onDelete={remove}
            onOpenChange={setMenuOpen}
          />
        )}
        {failed && (
          <p className="oichat-message__error" role="alert">
            {i18n.strings.actionFailed}
          </p>
        )}
        {reactions.length > 0 && <C.Reactions message={m} reactions={reactions} onToggle={react} />}
        {replies > 0 &&
          !inThread &&
          (onOpenThread ? (
            <button type="button" className="oichat-message__replies" onClick={() => onOpenThread(m)}>
              <ThreadIcon />
              {i18n.t('replies', { count: replies })}
            </button>
          ) : (
            <span className="oichat-message__replies">
              <ThreadIcon />
              {i18n.t('replies', { count: replies })}
            </span>
          ))}
        {own && (
          <MessageStatus
            state={item.state}
            seenBy={seenBy}
            expanded={showStatus || item.state === 'failed'}
            onRetry={onRetry}
            onDiscard={onDiscard}
          />
        )}
      </div>
    </article>
  );
});
