'use client';
/** useUnread(): unread counts of my rooms and their totals. */
import { useMemo } from 'react';
import type { UnreadEntry } from '../core/chat-store.js';
import { useOiChatContext } from '../context/context.js';
import { useObservable } from './use-observable.js';

export interface UseUnread {
  /** Unread messages over all my rooms. */
  total: number;
  /** Unread mentions over all my rooms (when the server counts them). */
  mentions: number;
  /** Rooms with anything unread. */
  roomsWithUnread: number;
  byRoom: ReadonlyMap<string, UnreadEntry>;
}

export function useUnread(): UseUnread {
  const byRoom = useObservable(useOiChatContext().store.unread);
  return useMemo(() => {
    let total = 0;
    let mentions = 0;
    let roomsWithUnread = 0;
    for (const e of byRoom.values()) {
      total += e.unread_count;
      mentions += e.unread_mentions ?? 0;
      if (e.unread_count > 0) roomsWithUnread++;
    }
    return { total, mentions, roomsWithUnread, byRoom };
  }, [byRoom]);
}
