'use client';
/** The React context the provider fills and every hook reads. */
import { createContext, useContext } from 'react';
import type { OiChatClient } from '@oichat/sdk';
import type { ChatStore } from '../core/chat-store.js';
import type { I18n } from '../locale/i18n.js';
import type { OiChatComponents } from '../components/types.js';

export type ThemeOption = 'light' | 'dark' | 'system';

export interface OiChatContextValue {
  client: OiChatClient;
  store: ChatStore;
  i18n: I18n;
  theme: ThemeOption;
  components: OiChatComponents;
}

export const OiChatContext = createContext<OiChatContextValue | null>(null);

/** The chat context; throws (naming the fix) outside an OiChatProvider. */
export function useOiChatContext(): OiChatContextValue {
  const ctx = useContext(OiChatContext);
  if (!ctx) throw new Error('@oichat/ui-react: this component or hook must be inside <OiChatProvider client={…}>.');
  return ctx;
}
