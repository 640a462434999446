'use client';
/**
 * An image shown large over the page: a modal <dialog> (in the top layer, so no transformed
 * list row can hold it; focus inside, Escape or the Close button or a click beside the image
 * closes it, focus returns to what opened it), themed like the component that opened it. No
 * portal: importing react-dom would read browser globals on React 18's server side.
 */
import { useEffect, useRef } from 'react';
import type { Attachment } from '../core/model.js';
import { safeHref } from '../core/links.js';
import { useOiChatContext } from '../context/context.js';
import { useRootProps } from './common.js';
import { CloseIcon } from './icons.js';

export interface ImageViewerProps {
  attachment: Attachment;
  onClose: () => void;
}

export function ImageViewer({ attachment, onClose }: ImageViewerProps) {
  const { i18n } = useOiChatContext();
  const root = useRootProps('oichat-viewer');
  const closeRef = useRef<HTMLButtonElement>(null);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    const dialog = dialogRef.current;
    // showModal puts it in the top layer; a DOM without it (a test's) gets an open dialog in place.
    if (dialog && typeof dialog.showModal === 'function' && !dialog.open) dialog.showModal();
    else dialog?.setAttribute('open', '');
    closeRef.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onCloseRef.current();
      // One focusable element: Tab stays on it (the dialog is modal).
      if (e.key === 'Tab') {
        e.preventDefault();
        closeRef.current?.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      opener?.focus?.();
    };
  }, []);

  const src = attachment.url ? safeHref(attachment.url) : null;
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: a click beside the image closes; the keyboard has Escape (listened on the document) and the Close button
    <dialog
      {...root}
      ref={dialogRef}
      aria-modal="true"
      aria-label={attachment.name}
      onClick={onClose}
      // Escape: closed by the document listener, through React, not by the browser alone.
      onCancel={(e) => e.preventDefault()}
    >
      <button
        ref={closeRef}
        type="button"
        className="oichat-viewer__close"
        aria-label={i18n.strings.closeImage}
        onClick={onClose}
      >
        <CloseIcon />
      </button>
      {/* biome-ignore lint/a11y/useKeyWithClickEvents: only keeps a click on the image from closing the dialog */}
      <figure className="oichat-viewer__figure" onClick={(e) => e.stopPropagation()}>
        {src && <img src={src} alt={attachment.name} />}
        <figcaption>{attachment.name}</figcaption>
      </figure>
    </dialog>
  );
}
