import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import '@oichat/ui-react/styles.css';
import './globals.css';
import { preferences } from '@/lib/preferences';

export const metadata: Metadata = {
  title: 'Oi Market Support',
  description: 'A support desk built on OiChat',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const { locale, theme } = await preferences();
  return (
    <html lang={locale} data-theme={theme === 'system' ? undefined : theme}>
      <body>{children}</body>
    </html>
  );
}
