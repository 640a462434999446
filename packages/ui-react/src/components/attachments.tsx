'use client';
/**
 * Files a message carries (once the server stores attachments): images as a sized placeholder
 * then the thumbnail, other files as a card with name, size and a download link.
 */
import type { Attachment } from '../core/model.js';
import { safeHref } from '../core/links.js';
import { useOiChatContext } from '../context/context.js';
import { cx } from './common.js';
import { FileIcon } from './icons.js';
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

const isImage = (a: Attachment) => a.mime_type.startsWith('image/') && a.mime_type !== 'image/svg+xml';

export function Attachments({ attachments, className }: AttachmentsProps) {
  const { i18n } = useOiChatContext();
  if (attachments.length === 0) return null;
  return (
    <ul className={cx('oichat-attachments', className)}>
      {attachments.map((a) => {
        const href = a.url ? safeHref(a.url) : null;
        if (isImage(a)) {
          const ratio = a.width && a.height ? `${a.width} / ${a.height}` : undefined;
          const thumbnail = typeof a.thumbnail === 'string' ? a.thumbnail : a.thumbnail?.url;
          const src = thumbnail ?? a.url ?? undefined;
          return (
            <li
              key={a.attachment_id}
              className="oichat-attachment oichat-attachment--image"
              style={{ aspectRatio: ratio }}
            >
              {src && <img src={src} alt={a.name} loading="lazy" decoding="async" />}
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
  );
}
