'use client';
/**
 * useMessages(roomId): the room's timeline (stored messages and my pending sends), with what a
 * scrolling view does to it: load older and newer pages, jump to the latest, send, retry a
 * failed send, and mark read. Opening the room loads it around its first unread message.
 */
import { useCallback, useEffect, useMemo } from 'react';
import type { SendExtras, TimelineState } from '../core/timeline.js';
import { useOiChatContext } from '../context/context.js';
import { useObservable } from './use-observable.js';

export interface UseMessages extends TimelineState {
  loadOlder: () => Promise<void>;
  loadNewer: () => Promise<void>;
  jumpToLatest: () => Promise<void>;
  /** Shows the window around one message (a search hit), scrolled to it. */
  jumpTo: (seq: number) => Promise<void>;
  /** Sends text (with mentions, attachments) as me; returns the row key of the pending message. */
  send: (content: string, extras?: SendExtras) => string;
  retry: (key: string) => void;
  discard: (key: string) => void;
  /** I have seen the room up to this seq. */
  markRead: (seq: number) => void;
  reload: () => Promise<void>;
}

export function useMessages(roomId: string): UseMessages {
  const { store } = useOiChatContext();
  const timeline = useMemo(() => store.timeline(roomId), [store, roomId]);
  const state = useObservable(timeline.state);

  useEffect(() => {
    const release = timeline.retain();
    void timeline.open();
    return release;
  }, [timeline]);

  const markRead = useCallback((seq: number) => void store.markRead(roomId, seq), [store, roomId]);
  return useMemo(
    () => ({
      ...state,
      loadOlder: () => timeline.loadOlder(),
      loadNewer: () => timeline.loadNewer(),
      jumpToLatest: () => timeline.jumpToLatest(),
      jumpTo: (seq: number) => timeline.jumpTo(seq),
      send: (content: string, extras?: SendExtras) => timeline.send(content, extras),
      retry: (key: string) => timeline.retry(key),
      discard: (key: string) => timeline.discard(key),
      reload: () => timeline.open(),
      markRead,
    }),
    [state, timeline, markRead],
  );
}
