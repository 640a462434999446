'use client';
/** The files waiting to go with the next message: a thumbnail or a file icon, the upload's progress, remove and retry. */
import type { UploadItem } from '../core/uploads.js';
import { useOiChatContext } from '../context/context.js';
import { formatBytes } from './attachments.js';
import { cx } from './common.js';
import { AlertIcon, CloseIcon, FileIcon } from './icons.js';

export interface UploadTrayProps {
  items: readonly UploadItem[];
  onRemove: (id: string) => void;
  onRetry: (id: string) => void;
}

export function UploadTray({ items, onRemove, onRetry }: UploadTrayProps) {
  const { i18n } = useOiChatContext();
  if (items.length === 0) return null;
  return (
    <ul className="oichat-uploads">
      {items.map((u) => {
        const percent = Math.round(u.progress * 100);
        const label =
          u.status === 'uploading'
            ? i18n.t('uploading', { name: u.name, percent })
            : u.status === 'failed'
              ? i18n.t('uploadFailed', { name: u.name })
              : i18n.t('uploaded', { name: u.name });
        return (
          <li key={u.id} className={cx('oichat-upload', `oichat-upload--${u.status}`)}>
            {u.preview ? (
              <img className="oichat-upload__thumb" src={u.preview} alt="" />
            ) : (
              <span className="oichat-upload__thumb oichat-upload__thumb--file">
                <FileIcon />
              </span>
            )}
            <span className="oichat-upload__meta">
              <span className="oichat-upload__name">{u.name}</span>
              <span className="oichat-upload__size">
                {u.status === 'failed' ? (
                  <>
                    <AlertIcon /> {i18n.strings.failed}
                  </>
                ) : (
                  formatBytes(u.size, i18n.number)
                )}
              </span>
              {u.status === 'uploading' && (
                // aria-valuenow too: what a progressbar's value is read from by tools that do not read <progress>.
                <progress
                  className="oichat-upload__progress"
                  max={100}
                  value={percent}
                  aria-valuenow={percent}
                  aria-label={label}
                />
              )}
            </span>
            <span className="oichat-sr-only" role="status">
              {label}
            </span>
            {u.status === 'failed' && (
              <button type="button" className="oichat-link-button" onClick={() => onRetry(u.id)}>
                {i18n.strings.retry}
              </button>
            )}
            <button
              type="button"
              className="oichat-icon-button oichat-upload__remove"
              aria-label={i18n.t('removeAttachment', { name: u.name })}
              title={i18n.t('removeAttachment', { name: u.name })}
              onClick={() => onRemove(u.id)}
            >
              <CloseIcon />
            </button>
          </li>
        );
      })}
    </ul>
  );
}
