'use client';
/**
 * useRooms({ query }): my rooms, most recent activity first, each with its display name, last
 * message, unread counts and (for a direct room) the peer's presence; filtered by a search
 * query over names and last messages (searching loads the rest of the list first).
 */
import type { Room } from '@oichat/sdk';
import { useCallback, useEffect, useMemo } from 'react';
import type { RoomsState } from '../core/chat-store.js';
import type { ChatMessage } from '../core/model.js';
import { useOiChatContext } from '../context/context.js';
import { roomIdentity } from './room-name.js';
import { useObservable } from './use-observable.js';
import { useUserNames } from './use-users.js';

export interface RoomSummary {
  room: Room;
  roomId: string;
  name: string;
  peerId: string | undefined;
  preview: ChatMessage | undefined;
  unread: number;
  mentions: number;
  /** For a direct room: whether the other person is online. */
  online: boolean | undefined;
}

export interface UseRooms {
  rooms: RoomSummary[];
  status: RoomsState['status'];
  error: unknown;
  hasMore: boolean;
  loadMore: () => Promise<void>;
  reload: () => Promise<void>;
}

export function useRooms(options: { query?: string | undefined } = {}): UseRooms {
  const { store, i18n } = useOiChatContext();
  const state = useObservable(store.rooms);
  const previews = useObservable(store.previews);
  const unread = useObservable(store.unread);
  const online = useObservable(store.online);
  const me = useObservable(store.me);
  const nameOf = useUserNames();
  const query = (options.query ?? '').trim().toLocaleLowerCase(i18n.locale);

  useEffect(() => {
    if (query) void store.loadAllRooms();
  }, [store, query]);

  const all = useMemo(
    () =>
      state.rooms.map((room): RoomSummary => {
        const { name, peerId } = roomIdentity(room, me, nameOf, i18n);
        const u = unread.get(room.room_id);
        return {
          room,
          roomId: room.room_id,
          name,
          peerId,
          preview: previews.get(room.room_id),
          unread: u?.unread_count ?? 0,
          mentions: u?.unread_mentions ?? 0,
          online: peerId === undefined ? undefined : online.has(peerId),
        };
      }),
    [state.rooms, previews, unread, online, me, nameOf, i18n],
  );
  const rooms = useMemo(
    () =>
      query
        ? all.filter(
            (r) =>
              r.name.toLocaleLowerCase(i18n.locale).includes(query) ||
              (r.preview?.content ?? '').toLocaleLowerCase(i18n.locale).includes(query),
          )
        : all,
    [all, query, i18n.locale],
  );
  const loadMore = useCallback(() => store.loadMoreRooms(), [store]);
  const reload = useCallback(() => store.reloadRooms(), [store]);
  return { rooms, status: state.status, error: state.error, hasMore: state.hasMore, loadMore, reload };
}
