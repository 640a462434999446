'use client';
/**
 * <Chat />: the ready layout. The room list beside the open room (header, connection banner,
 * messages, typing, composer); below a phone's width (by container query: the space Chat has,
 * not the window) one of the two at a time, with a back button. A message's thread opens in a
 * panel beside the room (over it, when there is no room beside it).
 */
import { useCallback, useMemo, useRef, useState } from 'react';
import type { ChatMessage } from '../core/model.js';
import { OiChatContext, useOiChatContext } from '../context/context.js';
import { useRoom } from '../hooks/use-room.js';
import { cx, useRootProps } from './common.js';
import { Composer } from './composer.js';
import { ConnectionBanner } from './connection-banner.js';
import { EmptyState } from './empty-state.js';
import { ChatIcon, SearchIcon } from './icons.js';
import { MessageList } from './message-list.js';
import { RoomHeader } from './room-header.js';
import { RoomList } from './room-list.js';
import { SearchBox } from './search-box.js';
import { Thread } from './thread.js';
import { TypingIndicator } from './typing-indicator.js';
import type { OiChatComponents } from './types.js';

export interface ChatProps {
  /** The open room (controlled); with `onRoomChange`. */
  roomId?: string | null | undefined;
  /** The room open at first (uncontrolled). */
  defaultRoomId?: string | null | undefined;
  onRoomChange?: ((roomId: string | null) => void) | undefined;
  /** Replaces parts, over what the provider's `components` says. */
  components?: OiChatComponents | undefined;
  className?: string | undefined;
}

export function Chat({ roomId: controlled, defaultRoomId = null, onRoomChange, components, className }: ChatProps) {
  const ctx = useOiChatContext();
  const [own, setOwn] = useState<string | null>(defaultRoomId);
  const roomId = controlled !== undefined ? controlled : own;
  const [picked, setPicked] = useState(false);
  const [side, setSide] = useState<{ roomId: string; thread?: ChatMessage } | null>(null);
  const openSide = side && side.roomId === roomId ? side : null;
  const openThread = openSide?.thread ?? null;
  const setThread = useCallback((m: ChatMessage | null) => setSide(m ? { roomId: m.room_id, thread: m } : null), []);
  const openSearch = useCallback(() => setSide(roomId ? { roomId } : null), [roomId]);
  const pickHit = useCallback(
    (m: ChatMessage) => {
      if (m.parent_id) {
        // A reply: its thread, opened on its root.
        ctx.client.messages.get(m.parent_id).then(
          (root) => setThread(root as ChatMessage),
          () => {},
        );
        return;
      }
      setSide(null);
      void ctx.store.timeline(m.room_id).jumpTo(m.seq);
    },
    [ctx, setThread],
  );
  const rootRef = useRef<HTMLDivElement>(null);
  const lastRoom = useRef<string | null>(roomId);
  if (roomId) lastRoom.current = roomId;

  const select = useCallback(
    (id: string | null) => {
      if (controlled === undefined) setOwn(id);
      onRoomChange?.(id);
    },
    [controlled, onRoomChange],
  );
  const back = useCallback(() => {
    const previous = lastRoom.current;
    select(null);
    // Back in the list: focus the room just left, so the keyboard continues from there.
    requestAnimationFrame(() =>
      rootRef.current
        ?.querySelector<HTMLButtonElement>(`.oichat-room[data-room-id="${CSS.escape(previous ?? '')}"]`)
        ?.focus(),
    );
  }, [select]);

  const value = useMemo(
    () => (components ? { ...ctx, components: { ...ctx.components, ...components } } : ctx),
    [ctx, components],
  );
  const root = useRootProps('oichat-chat', className);
  return (
    <OiChatContext.Provider value={value}>
      <div {...root} ref={rootRef} data-view={roomId ? (openSide ? 'thread' : 'room') : 'list'}>
        <div className="oichat-chat__layout">
          <div className="oichat-chat__sidebar">
            <RoomList
              selectedRoomId={roomId}
              onSelect={(id) => {
                setPicked(true);
                select(id);
              }}
            />
          </div>
          <div className="oichat-chat__main">
            {roomId ? (
              <OpenRoom
                roomId={roomId}
                onBack={back}
                autoFocus={picked && !openSide}
                onOpenThread={setThread}
                onSearch={ctx.store.features.search ? openSearch : undefined}
              />
            ) : (
              <NoRoom />
            )}
          </div>
          {openSide && !openThread && (
            <div className="oichat-chat__thread">
              <SearchBox
                roomId={openSide.roomId}
                autoFocus
                onSelect={pickHit}
                onClose={() => {
                  setSide(null);
                  requestAnimationFrame(() =>
                    rootRef.current?.querySelector<HTMLElement>('.oichat-header__search')?.focus(),
                  );
                }}
              />
            </div>
          )}
          {openThread && (
            <div className="oichat-chat__thread">
              <Thread
                key={openThread.message_id}
                root={openThread}
                autoFocus
                onClose={() => {
                  const id = openThread.message_id;
                  setThread(null);
                  // Back to the message the thread was opened from (its reply count), or the composer.
                  requestAnimationFrame(() => {
                    const el = rootRef.current;
                    const from = el?.querySelector<HTMLElement>(
                      `.oichat-messages [data-message-id="${CSS.escape(id)}"] .oichat-message__replies`,
                    );
                    (from ?? el?.querySelector<HTMLElement>('.oichat-composer__input'))?.focus();
                  });
                }}
              />
            </div>
          )}
        </div>
      </div>
    </OiChatContext.Provider>
  );
}

function OpenRoom({
  roomId,
  onBack,
  autoFocus,
  onOpenThread,
  onSearch,
}: {
  roomId: string;
  onBack: () => void;
  autoFocus: boolean;
  onOpenThread: (m: ChatMessage) => void;
  onSearch?: (() => void) | undefined;
}) {
  const { name } = useRoom(roomId);
  const { i18n } = useOiChatContext();
  const search = onSearch && (
    <button
      type="button"
      className="oichat-icon-button oichat-header__search"
      aria-label={i18n.strings.openSearch}
      title={i18n.strings.openSearch}
      onClick={onSearch}
    >
      <SearchIcon />
    </button>
  );
  return (
    <section className="oichat-chat__room" aria-label={name || undefined}>
      <RoomHeader roomId={roomId} onBack={onBack} className="oichat-chat__header" actions={search} />
      <ConnectionBanner />
      <MessageList roomId={roomId} className="oichat-chat__messages" onOpenThread={onOpenThread} />
      <TypingIndicator roomId={roomId} />
      <Composer roomId={roomId} autoFocus={autoFocus} />
    </section>
  );
}

function NoRoom() {
  const { i18n, components } = useOiChatContext();
  const Empty = components.EmptyState ?? EmptyState;
  return (
    <div className={cx('oichat-chat__none')}>
      <ConnectionBanner />
      <Empty title={i18n.strings.selectRoom} hint={i18n.strings.selectRoomHint} icon={<ChatIcon />} />
    </div>
  );
}
