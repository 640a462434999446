'use client';
/**
 * useMessageActions(): what I may do to stored messages, and what this client's SDK offers:
 * `can.edit`, `can.react`… are false for a feature the SDK does not have (the buttons hide).
 */
import { useMemo } from 'react';
import type { Features } from '../core/features.js';
import type { ChatMessage } from '../core/model.js';
import { useOiChatContext } from '../context/context.js';

export interface UseMessageActions {
  can: Features;
  edit: (message: ChatMessage, content: string) => Promise<ChatMessage>;
  remove: (message: ChatMessage) => Promise<ChatMessage>;
  toggleReaction: (message: ChatMessage, type: string) => Promise<void>;
}

export function useMessageActions(): UseMessageActions {
  const { store } = useOiChatContext();
  return useMemo(
    () => ({
      can: store.features,
      edit: (m, content) => store.actions.edit(m, content),
      remove: (m) => store.actions.delete(m),
      toggleReaction: (m, type) => store.actions.toggleReaction(m, type),
    }),
    [store],
  );
}
