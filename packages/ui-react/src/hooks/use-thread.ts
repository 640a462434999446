'use client';
/**
 * useThread(root): a thread's root and replies, loaded when a view shows it, with what a thread
 * view does: load older replies, reply (with mentions, attachments), retry or discard a failed one.
 */
import { useEffect, useMemo } from 'react';
import type { ChatMessage } from '../core/model.js';
import type { ThreadState } from '../core/thread.js';
import type { SendExtras } from '../core/timeline.js';
import { useOiChatContext } from '../context/context.js';
import { useObservable } from './use-observable.js';

export interface UseThread extends ThreadState {
  loadOlder: () => Promise<void>;
  send: (content: string, extras?: SendExtras) => void;
  retry: (key: string) => void;
  discard: (key: string) => void;
  reload: () => Promise<void>;
}

export function useThread(root: ChatMessage): UseThread {
  const { store } = useOiChatContext();
  // One thread per root id, whatever the root object's later changes.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the root's identity is its id
  const thread = useMemo(() => store.thread(root), [store, root.message_id]);
  const state = useObservable(thread.state);
  useEffect(() => {
    if (store.features.threads) void thread.open();
  }, [store, thread]);
  return useMemo(
    () => ({
      ...state,
      loadOlder: () => thread.loadOlder(),
      send: (content: string, extras?: SendExtras) => thread.send(content, extras),
      retry: (key: string) => thread.retry(key),
      discard: (key: string) => thread.discard(key),
      reload: () => thread.open(),
    }),
    [state, thread],
  );
}
