'use client';
/**
 * <OiChatProvider client={…}>: makes one OiChatClient's chat state available to the components
 * and hooks below it, in a locale and a theme. It connects the client when it mounts (unless
 * `connect={false}`: then the application connects it) and disconnects what it connected when it
 * unmounts. Nothing here runs during a server render but the first render itself.
 */
import type { OiChatClient } from '@oichat/sdk';
import { useEffect, useMemo, type ReactNode } from 'react';
import { ChatStore } from '../core/chat-store.js';
import type { UsersOption } from '../core/users.js';
import { createI18n, type Strings } from '../locale/i18n.js';
import type { OiChatComponents } from '../components/types.js';
import { OiChatContext, type OiChatContextValue, type ThemeOption } from './context.js';

export interface OiChatProviderProps {
  client: OiChatClient;
  /** A BCP 47 tag; `en` and `ko` (and their regional variants) have built-in strings. Default `en`. */
  locale?: string | undefined;
  /** `system` (default) follows the user's color scheme; `light` and `dark` force one. */
  theme?: ThemeOption | undefined;
  /** Replaces any built-in string (see `en` for the keys). */
  strings?: Partial<Strings> | undefined;
  /** Time zone for times and day separators; pin it when you render on a server, so both renders agree. */
  timeZone?: string | undefined;
  /** Who user ids are: profiles by id, or a function the directory calls with ids it meets. */
  users?: UsersOption | undefined;
  /** Replaces parts of the built-in components. */
  components?: OiChatComponents | undefined;
  /** Connect the client on mount (default true). */
  connect?: boolean | undefined;
  children?: ReactNode;
}

export function OiChatProvider({
  client,
  locale = 'en',
  theme = 'system',
  strings,
  timeZone,
  users,
  components,
  connect = true,
  children,
}: OiChatProviderProps) {
  // Created once per client (not in an effect) so that a server render already shows what it knows.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `users` is applied by the effect below; a new store per users object would drop the chat state
  const store = useMemo(() => new ChatStore(client, users), [client]);

  useEffect(() => {
    store.users.configure(users);
  }, [store, users]);

  useEffect(() => {
    store.start();
    let connectedHere = false;
    if (connect && client.state === 'disconnected') {
      connectedHere = true;
      // Failures show in the connection state (the banner); nothing awaits this promise.
      client.connect().catch(() => {});
    }
    return () => {
      store.stop();
      if (connectedHere) client.disconnect();
    };
  }, [store, client, connect]);

  // Inline `strings={{…}}` objects are new on each render: compare them by content.
  const stringsKey = strings ? JSON.stringify(strings) : '';
  const i18n = useMemo(
    () =>
      createI18n({ locale, timeZone, strings: stringsKey ? (JSON.parse(stringsKey) as Partial<Strings>) : undefined }),
    [locale, timeZone, stringsKey],
  );

  const value = useMemo<OiChatContextValue>(
    () => ({ client, store, i18n, theme, components: components ?? {} }),
    [client, store, i18n, theme, components],
  );
  return <OiChatContext.Provider value={value}>{children}</OiChatContext.Provider>;
}
