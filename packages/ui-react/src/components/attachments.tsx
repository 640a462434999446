'use client';
/**
 * Files a message carries: images as a box of their size painted in their average color (from
 * the BlurHash) while the thumbnail loads, opening large in a viewer; other files as a card with
 * name, size and a download link.
 */
import { useState } from 'react';
import { type Attachment, thumbnailOf } from '../core/model.js';
import { averageColor } from '../core/blurhash.js';
import { safeHref } from '../core/links.js';
import { useOiChatContext } from '../context/context.js';
import { cx } from './common.js';
import { FileIcon } from './icons.js';
import { ImageViewer } from './image-viewer.js';
import type { AttachmentsProps } from './types.js';

const UNITS = ['B', 'KB', 'MB', 'GB'];

export function formatBytes(n: number, format: (n: number) => string): string {
  let v = n;
  let u = 0;
  while (v >= 1024 && u < UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  return `${format(u === 0 ? v : Math.round(v * 10) / 10)} ${UNITS[u]}`;
}

export const isImage = (a: { mime_type: string }) =>
  a.mime_type.startsWith('image/') && a.mime_type !== 'image/svg+xml';

export function Attachments({ attachments, onOpenImage, className }: AttachmentsProps) {
  const { i18n } = useOiChatContext();
  const [open, setOpen] = useState<Attachment | null>(null);
  if (attachments.length === 0) return null;
  return (
    <>
      <ul className={cx('oichat-attachments', className)}>
        {attachments.map((a) => {
          const href = a.url ? safeHref(a.url) : null;
          if (isImage(a)) {
            const ratio = a.width && a.height ? `${a.width} / ${a.height}` : undefined;
            const src = thumbnailOf(a) ?? href ?? undefined;
            const color = a.blurhash ? averageColor(a.blurhash) : undefined;
            return (
              <li
                key={a.attachment_id}
                className="oichat-attachment oichat-attachment--image"
                style={{
                  aspectRatio: ratio,
                  backgroundColor: color,
                  maxWidth: a.width ? `min(100%, ${a.width}px)` : undefined,
                }}
              >
                <button
                  type="button"
                  className="oichat-attachment__open"
                  aria-label={i18n.t('openImage', { name: a.name })}
                  onClick={() => (onOpenImage ? onOpenImage(a) : setOpen(a))}
                >
                  {src && <img src={src} alt={a.name} loading="lazy" decoding="async" />}
                </button>
              </li>
            );
          }
          return (
            <li key={a.attachment_id} className="oichat-attachment oichat-attachment--file">
              <FileIcon />
              <span className="oichat-attachment__meta">
                <span className="oichat-attachment__name">{a.name}</span>
                <span className="oichat-attachment__size">{formatBytes(a.size, i18n.number)}</span>
              </span>
              {href && (
                <a className="oichat-attachment__download" href={href} download={a.name} rel="noopener noreferrer">
                  {i18n.t('download', { name: a.name })}
                </a>
              )}
            </li>
          );
        })}
      </ul>
      {open && <ImageViewer attachment={open} onClose={() => setOpen(null)} />}
    </>
  );
}
