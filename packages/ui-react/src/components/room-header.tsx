'use client';
/** The open room's title bar: avatar, name, who is in it and who is online, its status, and on a phone the way back. */
import type { ReactNode } from 'react';
import { useOiChatContext } from '../context/context.js';
import { usePresence } from '../hooks/use-presence.js';
import { useRoom } from '../hooks/use-room.js';
import { Avatar } from './avatar.js';
import { useRootProps } from './common.js';
import { BackIcon } from './icons.js';

export interface RoomHeaderProps {
  roomId: string;
  /** Given, a back button (shown at phone widths inside Chat, always otherwise) calls it. */
  onBack?: (() => void) | undefined;
  /** Extra controls at the end of the bar. */
  actions?: ReactNode;
  className?: string | undefined;
}

export function RoomHeader({ roomId, onBack, actions, className }: RoomHeaderProps) {
  const { i18n, components } = useOiChatContext();
  const { room, name, peerId, onlineCount } = useRoom(roomId);
  const peerPresence = usePresence(peerId);
  const root = useRootProps('oichat-header', className);
  const AvatarC = components.Avatar ?? Avatar;
  const members = room ? i18n.t('members', { count: room.participant_count }) : '';
  const meta = peerId
    ? peerPresence === 'online'
      ? i18n.strings.online
      : i18n.strings.offline
    : onlineCount > 0
      ? `${members} · ${i18n.number(onlineCount)} ${i18n.strings.online.toLocaleLowerCase(i18n.locale)}`
      : members;
  return (
    <header {...root}>
      {onBack && (
        <button type="button" className="oichat-header__back" onClick={onBack} aria-label={i18n.strings.backToRooms}>
          <BackIcon />
        </button>
      )}
      <AvatarC
        userId={peerId ?? roomId}
        name={name || '?'}
        online={peerId ? peerPresence === 'online' : undefined}
        size="md"
      />
      <div className="oichat-header__text">
        <h2 className="oichat-header__title">{name || '\u00a0'}</h2>
        <p className="oichat-header__meta">
          {peerId && <span className={`oichat-header__dot oichat-header__dot--${peerPresence}`} aria-hidden="true" />}
          {meta}
        </p>
      </div>
      {room?.status === 'resolved' && <span className="oichat-tag">{i18n.strings.statusResolved}</span>}
      {actions && <div className="oichat-header__actions">{actions}</div>}
    </header>
  );
}
