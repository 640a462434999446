'use client';
/** useOiChat(): the client, the chat store, strings and formats, and who I am. */
import type { OiChatClient } from '@oichat/sdk';
import type { ChatStore, ConnectionInfo } from '../core/chat-store.js';
import type { I18n } from '../locale/i18n.js';
import { useOiChatContext } from '../context/context.js';
import { useObservable } from './use-observable.js';

export interface UseOiChat {
  client: OiChatClient;
  store: ChatStore;
  i18n: I18n;
  t: I18n['t'];
  /** My user id, once the server has said it (after the first `ready`). */
  me: string | undefined;
}

export function useOiChat(): UseOiChat {
  const { client, store, i18n } = useOiChatContext();
  const me = useObservable(store.me);
  return { client, store, i18n, t: i18n.t, me };
}

/** The connection's state, for banners and "offline" affordances. */
export function useConnection(): ConnectionInfo {
  return useObservable(useOiChatContext().store.connection);
}
