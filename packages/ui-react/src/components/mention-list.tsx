'use client';
/** The listbox of people an "@…" being typed can mention, above the text box. */
import type { MentionCandidate } from '../core/mentions.js';
import { useOiChatContext } from '../context/context.js';
import { Avatar } from './avatar.js';
import { cx } from './common.js';

export interface MentionListProps {
  id: string;
  options: readonly MentionCandidate[];
  index: number;
  onPick: (c: MentionCandidate) => void;
}

export const mentionOptionId = (listId: string, i: number) => `${listId}-${i}`;

export function MentionList({ id, options, index, onPick }: MentionListProps) {
  const { i18n, components } = useOiChatContext();
  const A = components.Avatar ?? Avatar;
  return (
    // The ARIA listbox of a text box's autocomplete: focus stays in the box, aria-activedescendant points here.
    <div id={id} className="oichat-mentions" role="listbox" aria-label={i18n.strings.mentionSuggestions}>
      {options.map((c, i) => (
        <div
          key={c.id}
          tabIndex={-1}
          id={mentionOptionId(id, i)}
          role="option"
          aria-label={c.name}
          aria-selected={i === index}
          className={cx('oichat-mentions__option', i === index && 'oichat-mentions__option--active')}
          // Keep the focus in the text box: pick on pointer down, before it would blur.
          onPointerDown={(e) => {
            e.preventDefault();
            onPick(c);
          }}
        >
          <A userId={c.id} name={c.name} size="sm" />
          <span className="oichat-mentions__name">{c.name}</span>
        </div>
      ))}
    </div>
  );
}
