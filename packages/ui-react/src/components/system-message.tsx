'use client';
/** A system message (sent by the backend: "Agent joined", "Order shipped"): centered, quiet, no bubble. */
import { useOiChatContext } from '../context/context.js';
import { cx } from './common.js';
import { MessageContent } from './message-content.js';
import type { SystemMessageProps } from './types.js';

export function SystemMessage({ item, className }: SystemMessageProps) {
  const { i18n, components } = useOiChatContext();
  const Content = components.MessageContent ?? MessageContent;
  const m = item.message;
  const nameId = `oichat-sys-${m.message_id}`;
  return (
    <article className={cx('oichat-system', className)} aria-labelledby={nameId} data-seq={m.seq}>
      <span id={nameId} className="oichat-sr-only">
        {i18n.strings.system}, {i18n.time(m.created_at)}
      </span>
      <Content message={m} className="oichat-system__text" />
      <time className="oichat-system__time" dateTime={m.created_at} aria-hidden="true">
        {i18n.time(m.created_at)}
      </time>
    </article>
  );
}
