/** The visitor's language and theme, read from their cookies on the server. */
import 'server-only';
import { cookies } from 'next/headers';
import { DICTIONARIES, LOCALE_COOKIE, THEME_COOKIE, asLocale, asTheme } from './i18n';

export async function preferences() {
  const store = await cookies();
  const locale = asLocale(store.get(LOCALE_COOKIE)?.value);
  return { locale, theme: asTheme(store.get(THEME_COOKIE)?.value), t: DICTIONARIES[locale] };
}
