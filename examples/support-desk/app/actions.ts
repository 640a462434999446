'use server';
/** Server actions of the pages: demo sign-in and sign-out, and the visitor's language and theme. */
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { LOCALE_COOKIE, THEME_COOKIE, asLocale, asTheme } from '@/lib/i18n';
import { personaById } from '@/lib/personas';
import { endSession, startSession } from '@/lib/session';

export async function signIn(formData: FormData): Promise<void> {
  const persona = personaById(String(formData.get('persona')));
  if (!persona) redirect('/');
  await startSession(persona);
  redirect(persona.role === 'agent' ? '/agent' : '/customer');
}

export async function signOut(): Promise<void> {
  await endSession();
  redirect('/');
}

const YEAR = 60 * 60 * 24 * 365;

export async function setPreferences(formData: FormData): Promise<void> {
  const store = await cookies();
  const locale = formData.get('locale');
  const theme = formData.get('theme');
  if (typeof locale === 'string')
    store.set(LOCALE_COOKIE, asLocale(locale), { path: '/', maxAge: YEAR, sameSite: 'lax' });
  if (typeof theme === 'string') store.set(THEME_COOKIE, asTheme(theme), { path: '/', maxAge: YEAR, sameSite: 'lax' });
}
