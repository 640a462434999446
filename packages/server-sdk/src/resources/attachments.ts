// oichat.attachments: uploading files and images to a room, and reading an attachment with fresh
// signed URLs. The upload's body is the file itself, signed over its SHA-256 like any body, so
// the bytes are held in memory for the signature and for retries (a stream is read to its end first).

import { OiChatConfigError } from '../core/errors.js';
import { APIResource, pathParam } from './resource.js';
import type {
  Attachment,
  AttachmentSettings,
  RequestOptions,
  UpdateAttachmentSettingsParams,
  UploadData,
  UploadOptions,
} from '../types.js';

async function bytesOf(data: UploadData): Promise<Uint8Array> {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (typeof Blob !== 'undefined' && data instanceof Blob) return new Uint8Array(await data.arrayBuffer());
  const chunks: Uint8Array[] = [];
  const encoder = new TextEncoder();
  if (typeof (data as ReadableStream<Uint8Array>).getReader === 'function') {
    const reader = (data as ReadableStream<Uint8Array>).getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
    }
  } else if (typeof (data as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
    for await (const chunk of data as AsyncIterable<Uint8Array | string>)
      chunks.push(typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
  } else {
    throw new OiChatConfigError(
      'data',
      'OiChat: data must be a Blob, a Uint8Array/Buffer, an ArrayBuffer or a readable stream',
    );
  }
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

export class Attachments extends APIResource {
  /**
   * Uploads a file to a room, for a message to send (`messages.send({ attachments: [id] })`).
   * The server judges the type from the bytes, refuses what is too large (413
   * `attachment_too_large`) or not allowed (415 `attachment_type_not_allowed`,
   * `attachment_type_mismatch`), and describes images with width, height, thumbnail and blurhash.
   * `POST /v1/rooms/{room_id}/attachments`.
   */
  async upload(roomId: string, data: UploadData, options: UploadOptions): Promise<Attachment> {
    const path = `/v1/rooms/${pathParam('roomId', roomId)}/attachments`;
    if (typeof options?.name !== 'string' || options.name === '')
      throw new OiChatConfigError('name', 'OiChat: options.name (the file name) must be a non-empty string');
    const { name, mimeType, ...requestOptions } = options;
    const bytes = await bytesOf(data);
    const blobType = typeof Blob !== 'undefined' && data instanceof Blob ? data.type : '';
    return this._transport.request({
      method: 'POST',
      path,
      query: { name },
      rawBody: { bytes, contentType: mimeType ?? (blobType || 'application/octet-stream') },
      options: requestOptions,
    });
  }

  /** An attachment of the project, with fresh signed URLs. `GET /v1/attachments/{attachment_id}`. */
  async get(attachmentId: string, options?: RequestOptions): Promise<Attachment> {
    return this._transport.request({
      method: 'GET',
      path: `/v1/attachments/${pathParam('attachmentId', attachmentId)}`,
      options,
    });
  }

  /**
   * The project's attachment limits: its own (`null`: the server's), what holds (`effective`) and
   * the server's ceiling. `GET /v1/attachments/settings`.
   */
  async settings(options?: RequestOptions): Promise<AttachmentSettings> {
    return this._transport.request({ method: 'GET', path: '/v1/attachments/settings', options });
  }

  /**
   * Narrows the project's limits within the server's (`400 validation_failed` beyond them);
   * `null` goes back to the server's. `PATCH /v1/attachments/settings`.
   */
  async updateSettings(params: UpdateAttachmentSettingsParams, options?: RequestOptions): Promise<AttachmentSettings> {
    return this._transport.request({ method: 'PATCH', path: '/v1/attachments/settings', body: params, options });
  }
}
