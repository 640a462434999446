/**
 * What a message's `content` holds, per `content_type`. `text`, `system` and `custom` hold any
 * text (custom: whatever the app encodes in it). `image` and `file` say where the file is: until
 * attachments exist that is a URL the recipients' apps can fetch, so it must be an `https://` URL
 * (or `http://` to a loopback host, for development).
 *
 * Extension point for attachments: an attachment reference (the attachment's id, issued by the
 * upload API) will be the second accepted form of `image`/`file` content. It is to be recognised
 * in `fileReference` below, before the URL rule, and checked against the project's attachments by
 * the caller (MessagesService.send); nothing else about messages needs to change.
 */
import { fieldError } from '../errors/app-error.js';
import type { ContentType } from './models.js';

const FILE_TYPES: ReadonlySet<ContentType> = new Set(['image', 'file']);

/** Loopback hosts only: a URL to a private network would be fetched by every recipient's device. */
function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** The kind of reference `content` is for an image or file message (one kind today: a URL). */
export type FileReference = { kind: 'url'; url: URL };

/** Reads `content` of an `image`/`file` message; throws a validation error naming `content`. */
export function fileReference(contentType: ContentType, content: string): FileReference {
  const rule = `for content_type "${contentType}" must be an https:// URL of the file (http:// only to a loopback host such as localhost)`;
  if (content.trim() !== content) throw fieldError('content', 'fileUrl', `${rule}, without surrounding spaces`);
  let url: URL;
  try {
    url = new URL(content);
  } catch {
    throw fieldError('content', 'fileUrl', rule);
  }
  const allowed = url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
  if (!allowed) throw fieldError('content', 'fileUrl', rule);
  // Every participant's app would show (and send) them: credentials do not belong in a shared link.
  if (url.username || url.password)
    throw fieldError('content', 'fileUrl', `${rule}, without a user name or password in it`);
  return { kind: 'url', url };
}

/** Checks `content` against what its `content_type` promises. */
export function checkContent(contentType: ContentType, content: string): void {
  if (FILE_TYPES.has(contentType)) fileReference(contentType, content);
}
