/** Uploads for a room the user is in: a browser File or Blob (or bytes), with upload progress. */
import type { HttpClient } from '../http.js';
import type { Attachment, UploadOptions } from '../types.js';

export class AttachmentsResource {
  constructor(private readonly http: HttpClient) {}

  /**
   * Uploads a file to a room, for `messages.send(roomId, { content_type: 'image' | 'file',
   * attachments: [attachment.attachment_id] })`. The server judges the type from the bytes and
   * answers images with width, height, thumbnail and blurhash. Rejects with an `OiChatError`:
   * 413 `attachment_too_large`, 415 `attachment_type_not_allowed` / `attachment_type_mismatch`,
   * 404 `room_not_found`; not retried by itself (call again: an unsent duplicate is removed after a day).
   */
  upload(roomId: string, file: Blob | Uint8Array, options: UploadOptions = {}): Promise<Attachment> {
    const name = options.name ?? (file as { name?: unknown }).name;
    if (typeof name !== 'string' || name === '')
      return Promise.reject(new TypeError('attachments.upload: pass a File, or the name as options.name.'));
    const type = file instanceof Uint8Array ? '' : file.type;
    return this.http.upload<Attachment>(`/v1/me/rooms/${encodeURIComponent(roomId)}/attachments`, {
      query: { name },
      body: file,
      contentType: type || 'application/octet-stream',
      onProgress: options.onProgress,
      signal: options.signal,
    });
  }
}
