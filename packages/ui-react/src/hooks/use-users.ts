'use client';
/** useUser(id) / useUserNames(): display names and avatars from the provider's `users`. */
import { useEffect, useMemo } from 'react';
import type { UserProfile } from '../core/users.js';
import { useOiChatContext } from '../context/context.js';
import { useObservable } from './use-observable.js';

export interface DisplayUser {
  userId: string;
  name: string;
  avatarUrl: string | null;
  isMe: boolean;
}

/** Names ids on demand: `nameOf(id)` asks the directory about ids it has not seen. */
export function useUserNames(): (userId: string) => DisplayUser {
  const { store } = useOiChatContext();
  const profiles = useObservable(store.users.profiles);
  const me = useObservable(store.me);
  return useMemo(() => {
    const cache = new Map<string, DisplayUser>();
    return (userId: string) => {
      let u = cache.get(userId);
      if (!u) {
        const p: UserProfile | undefined = profiles.get(userId);
        if (!p) store.users.want([userId]);
        u = { userId, name: p?.name || userId, avatarUrl: p?.avatar_url ?? null, isMe: userId === me };
        cache.set(userId, u);
      }
      return u;
    };
  }, [profiles, me, store]);
}

export function useUser(userId: string): DisplayUser {
  const nameOf = useUserNames();
  const { store } = useOiChatContext();
  useEffect(() => store.users.want([userId]), [store, userId]);
  return nameOf(userId);
}
