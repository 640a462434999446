'use client';
/** useTyping(roomId): who else is typing in a room, and the calls that tell them I am. */
import { useCallback, useMemo } from 'react';
import { useOiChatContext } from '../context/context.js';
import { useObservable } from './use-observable.js';

const NONE: readonly string[] = [];

export interface UseTyping {
  /** Others typing in the room, in the order they started. */
  userIds: readonly string[];
  /** Call on each keystroke of mine (throttled by the SDK). */
  start: () => void;
  /** Call when I send or clear the input. */
  stop: () => void;
}

export function useTyping(roomId: string): UseTyping {
  const { store, client } = useOiChatContext();
  const all = useObservable(store.typing);
  const userIds = all.get(roomId) ?? NONE;
  const start = useCallback(() => void client.typing.start(roomId), [client, roomId]);
  const stop = useCallback(() => void client.typing.stop(roomId), [client, roomId]);
  return useMemo(() => ({ userIds, start, stop }), [userIds, start, stop]);
}
