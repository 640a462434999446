import { redirect } from 'next/navigation';
import { CustomerDesk } from '@/components/customer-desk';
import { DeskProvider } from '@/components/desk-context';
import { TopBar } from '@/components/top-bar';
import { publicChatUrl } from '@/lib/oichat';
import { ordersOf } from '@/lib/orders';
import { preferences } from '@/lib/preferences';
import { currentPersona } from '@/lib/session';

export default async function CustomerPage() {
  const me = await currentPersona();
  if (!me) redirect('/');
  if (me.role !== 'user') redirect('/agent');
  const { t, locale, theme } = await preferences();
  return (
    <div className="app">
      <TopBar t={t} locale={locale} theme={theme} me={me} />
      <DeskProvider chatUrl={publicChatUrl()} locale={locale} theme={theme}>
        <CustomerDesk orders={ordersOf(me.id)} />
      </DeskProvider>
    </div>
  );
}
