/** The demo sign-in: pick a persona (see lib/session.ts for where real authentication goes). */
import { redirect } from 'next/navigation';
import { TopBar } from '@/components/top-bar';
import { PERSONAS, type Persona } from '@/lib/personas';
import { preferences } from '@/lib/preferences';
import { currentPersona } from '@/lib/session';
import { signIn } from './actions';

export default async function SignInPage() {
  const me = await currentPersona();
  if (me) redirect(me.role === 'agent' ? '/agent' : '/customer');
  const { t, locale, theme } = await preferences();
  const group = (title: string, people: Persona[]) => (
    <section className="personas" aria-label={title}>
      <h2 className="panel-title">{title}</h2>
      <div className="personas__list">
        {people.map((p) => (
          <form key={p.id} action={signIn}>
            <input type="hidden" name="persona" value={p.id} />
            <button type="submit" className="persona">
              <span className="persona__avatar" aria-hidden="true">
                {p.name[0]}
              </span>
              <span className="persona__name">{p.name}</span>
              <span className="persona__role">{p.role === 'agent' ? t.agentRole : t.customerRole}</span>
            </button>
          </form>
        ))}
      </div>
    </section>
  );
  return (
    <>
      <TopBar t={t} locale={locale} theme={theme} />
      <main className="sign-in">
        <h1>{t.signInTitle}</h1>
        <p className="sign-in__lead">{t.signInLead}</p>
        <p className="notice" role="note">
          {t.demoNotice}
        </p>
        {group(
          t.customers,
          PERSONAS.filter((p) => p.role === 'user'),
        )}
        {group(
          t.agents,
          PERSONAS.filter((p) => p.role === 'agent'),
        )}
      </main>
    </>
  );
}
