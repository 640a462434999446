/** The bar above every page: the shop, who is signed in, language and theme, sign-out. Plain forms: works before hydration. */
import { setPreferences, signOut } from '@/app/actions';
import type { Dictionary, Locale, Theme } from '@/lib/i18n';
import type { Persona } from '@/lib/personas';

export function TopBar({ t, locale, theme, me }: { t: Dictionary; locale: Locale; theme: Theme; me?: Persona }) {
  return (
    <header className="top-bar">
      <a href="/" className="brand">
        <span className="brand__mark" aria-hidden="true">
          Oi
        </span>
        {t.brand}
      </a>
      <div className="top-bar__end">
        <form action={setPreferences}>
          <fieldset className="segmented">
            <legend className="sr-only">{t.language}</legend>
            <button type="submit" name="locale" value="en" aria-pressed={locale === 'en'} lang="en">
              English
            </button>
            <button type="submit" name="locale" value="ko" aria-pressed={locale === 'ko'} lang="ko">
              한국어
            </button>
          </fieldset>
        </form>
        <form action={setPreferences}>
          <fieldset className="segmented">
            <legend className="sr-only">{t.theme}</legend>
            {(['light', 'dark', 'system'] as const).map((name) => (
              <button key={name} type="submit" name="theme" value={name} aria-pressed={theme === name}>
                {name === 'light' ? t.themeLight : name === 'dark' ? t.themeDark : t.themeSystem}
              </button>
            ))}
          </fieldset>
        </form>
        {me && (
          <form action={signOut} className="who">
            <span className="who__name">
              {me.name}
              <span className="who__role">{me.role === 'agent' ? t.agentRole : t.customerRole}</span>
            </span>
            <button type="submit" className="button">
              {t.signOut}
            </button>
          </form>
        )}
      </div>
    </header>
  );
}
