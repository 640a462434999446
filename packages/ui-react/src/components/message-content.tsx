'use client';
/**
 * A message's text: React text nodes, never HTML, with http(s) links and e-mail addresses made
 * clickable (opened in a new tab, without handing the opener or the referrer to the site) and
 * mentioned people highlighted.
 */
import { useMemo } from 'react';
import { segment } from '../core/links.js';
import { isDeleted } from '../core/model.js';
import { useOiChatContext } from '../context/context.js';
import { useUserNames } from '../hooks/use-users.js';
import { cx } from './common.js';
import type { MessageContentProps } from './types.js';

export function MessageContent({ message, className }: MessageContentProps) {
  const { i18n } = useOiChatContext();
  const nameOf = useUserNames();
  const mentionIds = message.mentions;
  const segments = useMemo(() => {
    const mentions = mentionIds?.length ? new Map(mentionIds.map((id) => [id, nameOf(id).name])) : undefined;
    return segment(message.content, mentions);
  }, [message.content, mentionIds, nameOf]);

  if (isDeleted(message))
    return <p className={cx('oichat-content', 'oichat-content--deleted', className)}>{i18n.strings.deleted}</p>;
  return (
    <p className={cx('oichat-content', className)}>
      {segments.map((s, i) =>
        s.kind === 'link' ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: segments of one text have no identity but their place
          <a key={i} className="oichat-link" href={s.href} target="_blank" rel="noopener noreferrer nofollow ugc">
            {s.text}
          </a>
        ) : s.kind === 'mention' ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: as above
          <span key={i} className="oichat-mention" data-user-id={s.userId}>
            {s.text}
          </span>
        ) : (
          s.text
        ),
      )}
      {message.edited_at && !isDeleted(message) && (
        <span className="oichat-content__edited" title={i18n.dateTime(message.edited_at)}>
          {' '}
          ({i18n.strings.edited})
        </span>
      )}
    </p>
  );
}
