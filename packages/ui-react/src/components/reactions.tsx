'use client';
/**
 * The reactions under a message: one chip per type with its count, mine highlighted. With
 * `onToggle` (the SDK can react) each chip is a toggle button: pressing it adds my reaction of
 * that type or takes it back.
 */
import { useOiChatContext } from '../context/context.js';
import { cx } from './common.js';
import type { ReactionsProps } from './types.js';

export function Reactions({ reactions, onToggle, className }: ReactionsProps) {
  const { i18n } = useOiChatContext();
  if (reactions.length === 0) return null;
  return (
    <ul className={cx('oichat-reactions', className)} aria-label={i18n.strings.reactionsLabel}>
      {reactions.map((r) => {
        const label = `${i18n.t('reaction', { type: r.type, count: r.count })}${r.mine ? ` ${i18n.strings.reactionMine}` : ''}`;
        const inner = (
          <>
            <span aria-hidden="true">{r.type}</span>
            <span className="oichat-reaction__count" aria-hidden="true">
              {i18n.number(r.count)}
            </span>
          </>
        );
        // A toggle is named by what it shows (the emoji and the count: label in name), its
        // state by aria-pressed; the sentence is its tooltip.
        return onToggle ? (
          <li key={r.type}>
            <button
              type="button"
              className={cx('oichat-reaction', r.mine && 'oichat-reaction--mine')}
              title={label}
              aria-pressed={r.mine}
              onClick={() => onToggle(r.type)}
            >
              <span>{r.type}</span> <span className="oichat-reaction__count">{i18n.number(r.count)}</span>
            </button>
          </li>
        ) : (
          <li key={r.type} className={cx('oichat-reaction', r.mine && 'oichat-reaction--mine')} aria-label={label}>
            {inner}
          </li>
        );
      })}
    </ul>
  );
}
