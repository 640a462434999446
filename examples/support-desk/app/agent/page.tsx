import { redirect } from 'next/navigation';
import { AgentDesk } from '@/components/agent-desk';
import { DeskProvider } from '@/components/desk-context';
import { TopBar } from '@/components/top-bar';
import { publicChatUrl } from '@/lib/oichat';
import { preferences } from '@/lib/preferences';
import { currentPersona } from '@/lib/session';

export default async function AgentPage() {
  const me = await currentPersona();
  if (!me) redirect('/');
  if (me.role !== 'agent') redirect('/customer');
  const { t, locale, theme } = await preferences();
  return (
    <div className="app">
      <TopBar t={t} locale={locale} theme={theme} me={me} />
      <DeskProvider chatUrl={publicChatUrl()} locale={locale} theme={theme}>
        <AgentDesk me={me} />
      </DeskProvider>
    </div>
  );
}
