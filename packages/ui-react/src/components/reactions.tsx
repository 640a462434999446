'use client';
/** The reactions under a message: one chip per type with its count, mine highlighted. (Adding one is the picker's job.) */
import { useOiChatContext } from '../context/context.js';
import { cx } from './common.js';
import type { ReactionsProps } from './types.js';

export function Reactions({ reactions, className }: ReactionsProps) {
  const { i18n } = useOiChatContext();
  if (reactions.length === 0) return null;
  return (
    <ul className={cx('oichat-reactions', className)} aria-label={i18n.strings.reactionsLabel}>
      {reactions.map((r) => (
        <li
          key={r.type}
          className={cx('oichat-reaction', r.mine && 'oichat-reaction--mine')}
          aria-label={`${i18n.t('reaction', { type: r.type, count: r.count })}${r.mine ? ` ${i18n.strings.reactionMine}` : ''}`}
        >
          <span aria-hidden="true">{r.type}</span>
          <span className="oichat-reaction__count" aria-hidden="true">
            {i18n.number(r.count)}
          </span>
        </li>
      ))}
    </ul>
  );
}
