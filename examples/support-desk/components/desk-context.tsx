'use client';
/**
 * What every client part of the desk shares: the OiChat client of the signed-in user (its token
 * comes from our own /api/chat-token), the app's dictionary, and the chat provider configured
 * with the people's names and the desk's localized system messages.
 */
import { OiChatClient } from '@oichat/sdk';
import {
  OiChatProvider,
  RoomListItem,
  type RoomListItemProps,
  SystemMessage,
  type SystemMessageProps,
} from '@oichat/ui-react';
import { createContext, type ReactNode, useContext, useMemo, useState } from 'react';
import { DICTIONARIES, type Dictionary, type Locale, type Theme, format } from '@/lib/i18n';
import { PROFILES } from '@/lib/personas';

const DictionaryContext = createContext<Dictionary>(DICTIONARIES.en);
export const useDictionary = (): Dictionary => useContext(DictionaryContext);

async function fetchChatToken(): Promise<string> {
  const response = await fetch('/api/chat-token', { cache: 'no-store' });
  if (!response.ok) throw new Error(`The chat token route answered ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}

/** System messages the desk posts carry `metadata.desk_event`: shown in the reader's language (`content` is English). */
export function localized<M extends { content: string; metadata?: Record<string, unknown> }>(
  message: M,
  t: Dictionary,
): M {
  const { desk_event: event, ...values } = (message.metadata ?? {}) as Record<string, string>;
  const key = `sys_${event}` as keyof Dictionary;
  return event && key in t ? { ...message, content: format(t[key], values) } : message;
}

function DeskSystemMessage(props: SystemMessageProps) {
  const t = useDictionary();
  return <SystemMessage {...props} item={{ ...props.item, message: localized(props.item.message, t) }} />;
}

function DeskRoomListItem(props: RoomListItemProps) {
  const t = useDictionary();
  return <RoomListItem {...props} preview={props.preview && localized(props.preview, t)} />;
}

const COMPONENTS = { SystemMessage: DeskSystemMessage, RoomListItem: DeskRoomListItem };

export function DeskProvider({
  chatUrl,
  locale,
  theme,
  children,
}: {
  chatUrl: string;
  locale: Locale;
  theme: Theme;
  children: ReactNode;
}) {
  // One client for the page's life; the provider connects it on mount and closes it on unmount.
  const [client] = useState(() => new OiChatClient({ baseUrl: chatUrl, tokenProvider: fetchChatToken }));
  const t = useMemo(() => DICTIONARIES[locale], [locale]);
  return (
    <DictionaryContext.Provider value={t}>
      <OiChatProvider client={client} locale={locale} theme={theme} users={PROFILES} components={COMPONENTS}>
        {children}
      </OiChatProvider>
    </DictionaryContext.Provider>
  );
}
