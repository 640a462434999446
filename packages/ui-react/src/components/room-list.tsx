'use client';
/**
 * My rooms: a `navigation` landmark named "Rooms" with a search box and one button per room
 * (its accessible name starts with the room's name). One Tab stop: the arrow keys, Home and
 * End move between rooms, Enter or Space opens one.
 */
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useOiChatContext } from '../context/context.js';
import { useObservable } from '../hooks/use-observable.js';
import { useRooms } from '../hooks/use-rooms.js';
import { useUnread } from '../hooks/use-unread.js';
import { useUserNames } from '../hooks/use-users.js';
import { cx, useRootProps } from './common.js';
import { EmptyState } from './empty-state.js';
import { SearchIcon } from './icons.js';
import { RoomListItem } from './room-list-item.js';

export interface RoomListProps {
  selectedRoomId?: string | null | undefined;
  onSelect?: ((roomId: string) => void) | undefined;
  /** Show the search box (default true). */
  search?: boolean | undefined;
  /** Show the "Rooms" heading with the unread total (default true). */
  header?: boolean | undefined;
  className?: string | undefined;
}

export function RoomList({ selectedRoomId, onSelect, search = true, header = true, className }: RoomListProps) {
  const { store, i18n, components } = useOiChatContext();
  const [query, setQuery] = useState('');
  const { rooms, status, hasMore, loadMore, reload } = useRooms({ query });
  const { total } = useUnread();
  const me = useObservable(store.me);
  const nameOf = useUserNames();
  const root = useRootProps('oichat-rooms', className);
  const Item = components.RoomListItem ?? RoomListItem;
  const Empty = components.EmptyState ?? EmptyState;

  const selectedIndex = rooms.findIndex((r) => r.roomId === selectedRoomId);
  const [focusIndex, setFocusIndex] = useState(-1);
  const tabStop = focusIndex >= 0 && focusIndex < rooms.length ? focusIndex : Math.max(0, selectedIndex);
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);

  const onKeyDown = (e: KeyboardEvent<HTMLUListElement>) => {
    const moves: Record<string, number> = {
      ArrowDown: tabStop + 1,
      ArrowUp: tabStop - 1,
      Home: 0,
      End: rooms.length - 1,
    };
    const target = moves[e.key];
    if (target === undefined || rooms.length === 0) return;
    e.preventDefault();
    const next = Math.min(rooms.length - 1, Math.max(0, target));
    setFocusIndex(next);
    buttons.current[next]?.focus();
  };

  // Near the end of the loaded rooms, the next page.
  const sentinel = useRef<HTMLLIElement>(null);
  useEffect(() => {
    const el = sentinel.current;
    if (!el || !hasMore || typeof IntersectionObserver === 'undefined') return;
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) void loadMore();
    });
    io.observe(el);
    return () => io.disconnect();
  }, [hasMore, loadMore]);

  const previewSenders = useMemo(() => {
    const out = new Map<string, string>();
    for (const r of rooms) {
      const p = r.preview;
      if (!p || p.content_type === 'system') continue;
      if (p.sender_id === me) out.set(r.roomId, i18n.strings.youPrefix);
      else if (r.room.type === 'group' && r.room.participants.length > 2)
        out.set(r.roomId, `${nameOf(p.sender_id).name}:`);
    }
    return out;
  }, [rooms, me, nameOf, i18n]);

  return (
    <nav {...root} aria-label={i18n.strings.rooms}>
      {header && (
        <div className="oichat-rooms__header">
          <h2 className="oichat-rooms__title">{i18n.strings.rooms}</h2>
          {total > 0 && (
            <span className="oichat-badge oichat-badge--quiet">
              <span aria-hidden="true">{total > 999 ? '999+' : i18n.number(total)}</span>
              <span className="oichat-sr-only">{i18n.t('unreadCount', { count: total })}</span>
            </span>
          )}
        </div>
      )}
      {search && (
        <div className="oichat-rooms__search">
          <SearchIcon />
          <input
            type="search"
            className="oichat-rooms__search-input"
            aria-label={i18n.strings.searchRooms}
            placeholder={i18n.strings.searchRooms}
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
              setFocusIndex(-1);
            }}
            onKeyDown={(e) => {
              // Down from the search box goes to the first result.
              if (e.key === 'ArrowDown' && rooms.length > 0) {
                e.preventDefault();
                setFocusIndex(0);
                buttons.current[0]?.focus();
              }
            }}
          />
        </div>
      )}
      {status === 'loading' && rooms.length === 0 ? (
        <div className="oichat-rooms__placeholder" role="status">
          {[0, 1, 2, 3, 4].map((i) => (
            <div key={i} className="oichat-skeleton__room" aria-hidden="true">
              <span className="oichat-skeleton__avatar oichat-skeleton__avatar--lg" />
              <span className="oichat-skeleton__lines">
                <span style={{ width: `${55 + ((i * 17) % 30)}%` }} />
                <span style={{ width: `${70 + ((i * 11) % 25)}%` }} />
              </span>
            </div>
          ))}
          <span className="oichat-sr-only">{i18n.strings.loadingRooms}</span>
        </div>
      ) : status === 'error' && rooms.length === 0 ? (
        <Empty
          title={i18n.strings.errorRooms}
          action={
            <button type="button" className="oichat-button" onClick={() => void reload()}>
              {i18n.strings.tryAgain}
            </button>
          }
        />
      ) : rooms.length === 0 ? (
        <Empty title={query ? i18n.t('noRoomsMatch', { query }) : i18n.strings.noRooms} />
      ) : (
        <ul className="oichat-rooms__list" onKeyDown={onKeyDown}>
          {rooms.map((r, i) => (
            <li key={r.roomId} className={cx('oichat-rooms__item')}>
              <Item
                room={r.room}
                name={r.name}
                peerId={r.peerId}
                preview={r.preview}
                previewSender={previewSenders.get(r.roomId)}
                unread={r.roomId === selectedRoomId ? 0 : r.unread}
                mentions={r.roomId === selectedRoomId ? 0 : r.mentions}
                selected={r.roomId === selectedRoomId}
                online={r.online}
                buttonProps={{
                  ref: (el: HTMLButtonElement | null) => {
                    buttons.current[i] = el;
                  },
                  tabIndex: i === tabStop ? 0 : -1,
                  'data-room-id': r.roomId,
                  'aria-current': r.roomId === selectedRoomId ? 'true' : undefined,
                  onClick: () => {
                    setFocusIndex(i);
                    onSelect?.(r.roomId);
                  },
                  onFocus: () => setFocusIndex(i),
                }}
              />
            </li>
          ))}
          {hasMore && <li ref={sentinel} className="oichat-rooms__more" aria-hidden="true" />}
        </ul>
      )}
    </nav>
  );
}
