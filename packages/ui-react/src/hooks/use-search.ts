'use client';
/**
 * useSearch(query, { roomId }): message search as you type: asked a moment after the last
 * keystroke, older answers dropped when a newer query was asked, more results on demand.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ChatMessage } from '../core/model.js';
import { useOiChatContext } from '../context/context.js';

export interface UseSearch {
  status: 'idle' | 'loading' | 'ready' | 'error';
  results: readonly ChatMessage[];
  hasMore: boolean;
  loadMore: () => void;
  /** The SDK can search. */
  available: boolean;
}

const DEBOUNCE_MS = 250;
const LIMIT = 20;

export function useSearch(query: string, options: { roomId?: string | undefined } = {}): UseSearch {
  const { store } = useOiChatContext();
  const available = store.features.search;
  const [state, setState] = useState<Omit<UseSearch, 'loadMore' | 'available'> & { cursor: string | null }>({
    status: 'idle',
    results: [],
    hasMore: false,
    cursor: null,
  });
  const asked = useRef(0);
  const q = query.trim();
  const roomId = options.roomId;

  const run = useCallback(
    (cursor: string | null) => {
      const id = ++asked.current;
      setState((s) => ({ ...s, status: 'loading' }));
      store.calls
        .search({ query: q, ...(roomId && { room_id: roomId }), limit: LIMIT, ...(cursor && { cursor }) })
        .then(
          (page) => {
            if (id !== asked.current) return;
            setState((s) => ({
              status: 'ready',
              results: cursor ? [...s.results, ...page.data] : page.data,
              hasMore: Boolean(page.has_more ?? page.next_cursor),
              cursor: page.next_cursor ?? null,
            }));
          },
          () => {
            if (id === asked.current) setState((s) => ({ ...s, status: 'error' }));
          },
        );
    },
    [store, q, roomId],
  );

  useEffect(() => {
    if (!available || q === '') {
      asked.current++;
      setState({ status: 'idle', results: [], hasMore: false, cursor: null });
      return;
    }
    const t = setTimeout(() => run(null), DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [available, q, run]);

  return {
    status: state.status,
    results: state.results,
    hasMore: state.hasMore,
    available,
    loadMore: () => {
      if (state.cursor && state.status === 'ready') run(state.cursor);
    },
  };
}
