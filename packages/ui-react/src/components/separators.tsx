'use client';
/** The rules between messages: a day ("Today", "Monday, March 3") and where unread messages start. */
import { useOiChatContext } from '../context/context.js';
import { cx } from './common.js';
import type { DateSeparatorProps, UnreadSeparatorProps } from './types.js';

export function DateSeparator({ iso, className }: DateSeparatorProps) {
  const { i18n } = useOiChatContext();
  return (
    <div className={cx('oichat-separator', 'oichat-separator--day', className)}>
      <span className="oichat-separator__label">{i18n.day(iso)}</span>
    </div>
  );
}

export function UnreadSeparator({ className }: UnreadSeparatorProps) {
  const { i18n } = useOiChatContext();
  return (
    <div className={cx('oichat-separator', 'oichat-separator--unread', className)}>
      <span className="oichat-separator__label">{i18n.strings.newMessagesSeparator}</span>
    </div>
  );
}
