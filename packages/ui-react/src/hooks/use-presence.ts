'use client';
/** usePresence(userId): online or offline, from the connection's presence events. */
import { useOiChatContext } from '../context/context.js';
import { useObservable } from './use-observable.js';

/** Whether a user is online (connected, sharing a room with me). */
export function usePresence(userId: string | undefined): 'online' | 'offline' {
  const online = useObservable(useOiChatContext().store.online);
  return userId !== undefined && online.has(userId) ? 'online' : 'offline';
}
