'use client';
/**
 * The small reaction picker: a button that opens a row of common reactions. Picking one adds it
 * (or takes it back when it is already mine). Arrow keys move along the row, Escape closes.
 */
import { useOiChatContext } from '../context/context.js';
import { cx } from './common.js';
import { SmileIcon } from './icons.js';
import { usePopover } from './use-popover.js';

/** The reactions offered; `reactions` on MessageActions / OiChatProvider's strings do not change them, a replaced part can. */
export const QUICK_REACTIONS = ['👍', '❤️', '😂', '🎉', '😮', '😢', '🙏', '✅'] as const;

export interface ReactionPickerProps {
  onPick: (type: string) => void;
  /** Types already mine (shown pressed). */
  mine?: readonly string[] | undefined;
  choices?: readonly string[] | undefined;
  className?: string | undefined;
  onOpenChange?: ((open: boolean) => void) | undefined;
}

export function ReactionPicker({
  onPick,
  mine = [],
  choices = QUICK_REACTIONS,
  className,
  onOpenChange,
}: ReactionPickerProps) {
  const { i18n } = useOiChatContext();
  const p = usePopover(() => onOpenChange?.(false));
  return (
    <span className={cx('oichat-picker', className)}>
      <button
        ref={p.triggerRef}
        type="button"
        className="oichat-icon-button"
        aria-label={i18n.strings.addReaction}
        title={i18n.strings.addReaction}
        aria-expanded={p.open}
        onClick={() => {
          if (!p.open) onOpenChange?.(true);
          p.toggle();
        }}
      >
        <SmileIcon />
      </button>
      {p.open && (
        // biome-ignore lint/a11y/useSemanticElements: a row of buttons grouped under one name; a fieldset would bring a form's box and legend
        <div
          ref={p.panelRef}
          className={`oichat-popover oichat-popover--${p.placement} oichat-picker__panel`}
          role="group"
          aria-label={i18n.strings.addReaction}
          onKeyDown={p.onKeyDown}
        >
          {choices.map((type) => (
            <button
              key={type}
              type="button"
              data-popover-item=""
              className="oichat-picker__choice"
              aria-label={i18n.t('reactWith', { emoji: type })}
              aria-pressed={mine.includes(type)}
              onClick={() => {
                onPick(type);
                p.close();
              }}
            >
              {type}
            </button>
          ))}
        </div>
      )}
    </span>
  );
}
