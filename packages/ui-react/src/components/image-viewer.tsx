'use client';
/**
 * An image shown large over the page: a modal dialog (focus inside, Escape or the Close button
 * or a click beside the image closes it, focus returns to what opened it). Rendered into the
 * document's body, themed like the component that opened it.
 */
import { useEffect, useRef } from 'react';
import { createPortal } from 'react-dom';
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
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
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
  return createPortal(
    <div {...root} role="dialog" aria-modal="true" aria-label={attachment.name} onClick={onClose}>
      <button
        ref={closeRef}
        type="button"
        className="oichat-viewer__close"
        aria-label={i18n.strings.closeImage}
        onClick={onClose}
      >
        <CloseIcon />
      </button>
      <figure className="oichat-viewer__figure" onClick={(e) => e.stopPropagation()}>
        {src && <img src={src} alt={attachment.name} />}
        <figcaption>{attachment.name}</figcaption>
      </figure>
    </div>,
    document.body,
  );
}
