'use client';
/** One room in the list: avatar, name, time of the last message, its preview, unread and mention badges. */
import { isDeleted, isSystem } from '../core/model.js';
import { useOiChatContext } from '../context/context.js';
import { Avatar } from './avatar.js';
import { cx } from './common.js';
import type { RoomListItemProps } from './types.js';

export function RoomListItem({
  room,
  name,
  peerId,
  preview,
  previewSender,
  unread,
  mentions,
  selected,
  online,
  buttonProps,
  className,
}: RoomListItemProps) {
  const { i18n, components } = useOiChatContext();
  const AvatarC = components.Avatar ?? Avatar;
  const when = preview?.created_at ?? room.last_message_at;
  const previewText = preview ? (isDeleted(preview) ? i18n.strings.deleted : preview.content) : '';
  return (
    <button
      type="button"
      {...buttonProps}
      className={cx('oichat-room', selected && 'oichat-room--selected', unread > 0 && 'oichat-room--unread', className)}
    >
      <AvatarC userId={peerId ?? room.room_id} name={name} online={online} size="lg" />
      <span className="oichat-room__main">
        <span className="oichat-room__top">
          <span className="oichat-room__name">{name}</span>
          {room.status === 'resolved' && <span className="oichat-tag">{i18n.strings.statusResolved}</span>}
          {when && (
            <time className="oichat-room__time" dateTime={when}>
              {i18n.listTime(when)}
            </time>
          )}
        </span>
        <span className="oichat-room__bottom">
          <span className={cx('oichat-room__preview', preview && isSystem(preview) && 'oichat-room__preview--system')}>
            {previewSender && <span className="oichat-room__preview-sender">{previewSender} </span>}
            {previewText}
          </span>
          {mentions > 0 && (
            <span className="oichat-badge oichat-badge--mention">
              <span aria-hidden="true">@</span>
              <span className="oichat-sr-only">{i18n.t('unreadMentions', { count: mentions })}</span>
            </span>
          )}
          {unread > 0 && (
            <span className="oichat-badge">
              <span aria-hidden="true">{unread > 99 ? '99+' : i18n.number(unread)}</span>
              <span className="oichat-sr-only">{i18n.t('unreadCount', { count: unread })}</span>
            </span>
          )}
        </span>
      </span>
    </button>
  );
}
