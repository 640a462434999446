'use client';
/** useRoom(roomId): one room (fetched when it is not in the loaded list), its display name and who of it is online. */
import type { Room } from '@oichat/sdk';
import { useEffect, useMemo, useState } from 'react';
import { useOiChatContext } from '../context/context.js';
import { roomIdentity } from './room-name.js';
import { useObservable } from './use-observable.js';
import { useUserNames } from './use-users.js';

export interface UseRoom {
  room: Room | undefined;
  status: 'loading' | 'ready' | 'error';
  error: unknown;
  name: string;
  peerId: string | undefined;
  /** Other participants who are online now. */
  onlineCount: number;
}

export function useRoom(roomId: string | null | undefined): UseRoom {
  const { store, i18n } = useOiChatContext();
  const rooms = useObservable(store.rooms);
  const extra = useObservable(store.extraRooms);
  const online = useObservable(store.online);
  const me = useObservable(store.me);
  const nameOf = useUserNames();
  const [error, setError] = useState<unknown>(null);
  const room = roomId ? (rooms.rooms.find((r) => r.room_id === roomId) ?? extra.get(roomId)) : undefined;
  const listLoaded = rooms.status === 'ready' || rooms.status === 'error';

  useEffect(() => {
    if (!roomId || !listLoaded) return;
    setError(null);
    store.fetchRoom(roomId).catch(setError);
  }, [store, roomId, listLoaded]);

  return useMemo(() => {
    if (!room) return { room, status: error ? 'error' : 'loading', error, name: '', peerId: undefined, onlineCount: 0 };
    const { name, peerId } = roomIdentity(room, me, nameOf, i18n);
    const onlineCount = room.participants.filter((p) => p !== me && online.has(p)).length;
    return { room, status: 'ready', error: null, name, peerId, onlineCount };
  }, [room, error, me, nameOf, i18n, online]);
}
