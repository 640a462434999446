'use client';
/**
 * A small popover for a button (the reaction picker, a message's menu): opens above the button,
 * or below it when there is no room above in the scroller; focus moves into it, arrow keys move
 * between its items, Escape or a click outside closes it, and focus goes back to the button.
 */
import { type KeyboardEvent, useCallback, useEffect, useRef, useState } from 'react';

const ITEM = '[data-popover-item]:not([disabled])';
/** Room needed above the button to open upwards. */
const ROOM_ABOVE = 220;

export function usePopover(onClose?: () => void) {
  const [open, setOpen] = useState(false);
  const [placement, setPlacement] = useState<'up' | 'down'>('up');
  const triggerRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  const close = useCallback((refocus = true) => {
    setOpen(false);
    onCloseRef.current?.();
    if (refocus) triggerRef.current?.focus();
  }, []);

  const show = useCallback(() => {
    const trigger = triggerRef.current;
    if (trigger) {
      const scroller = trigger.closest('.oichat-messages__scroller, .oichat-thread__scroller');
      const top = scroller ? scroller.getBoundingClientRect().top : 0;
      setPlacement(trigger.getBoundingClientRect().top - top < ROOM_ABOVE ? 'down' : 'up');
    }
    setOpen(true);
  }, []);

  useEffect(() => {
    if (!open) return;
    panelRef.current?.querySelector<HTMLElement>(ITEM)?.focus();
    const onPointer = (e: PointerEvent) => {
      const t = e.target as Node;
      if (!panelRef.current?.contains(t) && !triggerRef.current?.contains(t)) close(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open, close]);

  const onKeyDown = useCallback(
    (e: KeyboardEvent<HTMLElement>) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        close();
        return;
      }
      if (e.key === 'Tab') {
        close(false);
        return;
      }
      const items = [...(panelRef.current?.querySelectorAll<HTMLElement>(ITEM) ?? [])];
      const at = items.indexOf(document.activeElement as HTMLElement);
      const next =
        e.key === 'ArrowRight' || e.key === 'ArrowDown'
          ? (at + 1) % items.length
          : e.key === 'ArrowLeft' || e.key === 'ArrowUp'
            ? (at - 1 + items.length) % items.length
            : e.key === 'Home'
              ? 0
              : e.key === 'End'
                ? items.length - 1
                : -1;
      if (next < 0 || items.length === 0) return;
      e.preventDefault();
      items[next]?.focus();
    },
    [close],
  );

  return {
    open,
    placement,
    show,
    close,
    toggle: () => (open ? close() : show()),
    triggerRef,
    panelRef,
    onKeyDown,
  };
}
