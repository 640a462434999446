'use client';
/**
 * The toolbar a message shows on hover and on keyboard focus: react, reply in the thread, and
 * for my own messages a menu with Edit and Delete (Delete asks first). Only what this client's
 * SDK can do is offered.
 */
import { useState } from 'react';
import { useOiChatContext } from '../context/context.js';
import { cx } from './common.js';
import { EditIcon, MoreIcon, ReplyIcon, TrashIcon } from './icons.js';
import { ReactionPicker } from './reaction-picker.js';
import { usePopover } from './use-popover.js';

export interface MessageActionsProps {
  mine: readonly string[];
  onReact?: ((type: string) => void) | undefined;
  onReply?: (() => void) | undefined;
  onEdit?: (() => void) | undefined;
  onDelete?: (() => void) | undefined;
  /** A popover of the toolbar is open (the message keeps the toolbar shown meanwhile). */
  onOpenChange?: ((open: boolean) => void) | undefined;
  className?: string | undefined;
}

export function MessageActions({
  mine,
  onReact,
  onReply,
  onEdit,
  onDelete,
  onOpenChange,
  className,
}: MessageActionsProps) {
  const { i18n } = useOiChatContext();
  const [confirming, setConfirming] = useState(false);
  const menu = usePopover(() => {
    setConfirming(false);
    onOpenChange?.(false);
  });
  if (!onReact && !onReply && !onEdit && !onDelete) return null;
  const s = i18n.strings;
  return (
    <div className={cx('oichat-actions', className)} role="toolbar" aria-label={s.messageActions}>
      {onReact && <ReactionPicker onPick={onReact} mine={mine} onOpenChange={onOpenChange} />}
      {onReply && (
        <button
          type="button"
          className="oichat-icon-button"
          aria-label={s.replyInThread}
          title={s.replyInThread}
          onClick={onReply}
        >
          <ReplyIcon />
        </button>
      )}
      {(onEdit || onDelete) && (
        <span className="oichat-picker">
          <button
            ref={menu.triggerRef}
            type="button"
            className="oichat-icon-button"
            aria-label={s.moreActions}
            title={s.moreActions}
            aria-haspopup="menu"
            aria-expanded={menu.open}
            onClick={() => {
              if (!menu.open) onOpenChange?.(true);
              menu.toggle();
            }}
          >
            <MoreIcon />
          </button>
          {menu.open && (
            // biome-ignore lint/a11y/noStaticElementInteractions: a menu, or the alertdialog that replaces it (the role is chosen at run time)
            // biome-ignore lint/a11y/useAriaPropsSupportedByRole: as above: menu and alertdialog both take a label
            <div
              ref={menu.panelRef}
              className={`oichat-popover oichat-popover--${menu.placement} oichat-menu`}
              role={confirming ? 'alertdialog' : 'menu'}
              aria-label={confirming ? s.deleteConfirm : s.messageActions}
              onKeyDown={menu.onKeyDown}
            >
              {confirming ? (
                <>
                  <p className="oichat-menu__question">{s.deleteConfirm}</p>
                  <div className="oichat-menu__buttons">
                    <button type="button" data-popover-item="" className="oichat-button" onClick={() => menu.close()}>
                      {s.cancel}
                    </button>
                    <button
                      type="button"
                      data-popover-item=""
                      className="oichat-button oichat-button--danger"
                      onClick={() => {
                        menu.close();
                        onDelete?.();
                      }}
                    >
                      {s.delete}
                    </button>
                  </div>
                </>
              ) : (
                <>
                  {onEdit && (
                    <button
                      type="button"
                      role="menuitem"
                      data-popover-item=""
                      className="oichat-menu__item"
                      onClick={() => {
                        menu.close(false);
                        onEdit();
                      }}
                    >
                      <EditIcon />
                      {s.edit}
                    </button>
                  )}
                  {onDelete && (
                    <button
                      type="button"
                      role="menuitem"
                      data-popover-item=""
                      className="oichat-menu__item oichat-menu__item--danger"
                      onClick={() => {
                        setConfirming(true);
                        // The confirmation replaces the items: focus its first button.
                        requestAnimationFrame(() =>
                          menu.panelRef.current?.querySelector<HTMLElement>('[data-popover-item]')?.focus(),
                        );
                      }}
                    >
                      <TrashIcon />
                      {s.delete}
                    </button>
                  )}
                </>
              )}
            </div>
          )}
        </span>
      )}
    </div>
  );
}
