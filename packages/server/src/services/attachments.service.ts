/**
 * The rules of attachments: who may upload to which room, what an upload may be (size, type by
 * its bytes, a name that agrees), images made safe to serve, which message may send an upload
 * (once, in its room, by its uploader or the backend), who may obtain its URLs, and when the
 * bytes go (unsent past the grace period, room or message deleted, message redacted).
 *
 * An upload is spooled to a temporary file, judged, processed, then put in the storage; only
 * after every put succeeded is the row written, so a failure at any step leaves no row and no
 * stored bytes (what was put is deleted again), and the temporary files always go.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { newId } from '../crypto/ids.js';
import { errors, fieldError, validationFailed, type ErrorDetail } from '../errors/app-error.js';
import type { AttachmentRow } from '../store/attachments.store.js';
import type { Store } from '../store/store.js';
import { processImage, UndecodableImageError, type ProcessedImage } from './attachment-images.js';
import { removeQuietly, spool, SpoolLimitError, tempPath, type Spooled } from './attachment-spool.js';
import {
  StorageMissingError,
  StorageUnavailableError,
  type BlobStorage,
  type ByteRange,
} from './attachment-storage.js';
import { nameMismatch, PROCESSED_IMAGES, sniffType } from './attachment-types.js';
import type { AttachmentSettingsService } from './attachment-settings.service.js';
import type { AttachmentUrls, Variant } from './attachment-urls.js';
import { isoAt, type Clock } from './clock.js';
import type { Attachment, ContentType, Message, ProjectContext } from './models.js';

export interface AttachmentSettings {
  /** The server's limits: each project may narrow them (AttachmentSettingsService). */
  maxBytes: number;
  allowedTypes: readonly string[];
  /**
   * Unsent uploads, and the attachments of deleted rooms and deleted messages, are removed after
   * this long (OICHAT_ATTACHMENT_GRACE_HOURS: the delay every soft-deleted attachment gets).
   */
  graceMs: number;
  /** Where uploads are spooled while they arrive (a local folder of this node). */
  spoolDir: string;
}

/** What the message services need of attachments: the descriptions a message carries. */
export type MessageAttachments = Pick<AttachmentsService, 'withAttachments'>;

/** Most attachments one message carries. */
export const MAX_ATTACHMENTS_PER_MESSAGE = 10;

export interface UploadInput {
  roomId: string;
  /** The end user uploading; null for the backend. */
  uploaderId: string | null;
  name: string;
  body: Readable;
  /** Content-Length as sent, when sent: a body announced too large is refused before it is read. */
  declaredLength?: number | undefined;
  /**
   * Checks the request's signature against the SHA-256 of the body as received (backend
   * uploads, whose signature covers the body); throws to refuse.
   */
  verifyBody?: ((sha256: string) => void) | undefined;
}

/** A download ready to stream. */
export interface Download {
  name: string;
  mime_type: string;
  size: number;
  sha256: string;
  /** Seconds the URL has left: how long a cache may keep the answer. */
  secondsLeft: number;
  read(range?: ByteRange): Promise<Readable>;
}

const THUMBNAIL_SUFFIX = '.thumb.webp';

async function sha256Of(path: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
}

export class AttachmentsService {
  constructor(
    private readonly store: Store,
    private readonly storage: BlobStorage,
    private readonly urls: AttachmentUrls,
    readonly settings: AttachmentSettings,
    private readonly clock: Clock,
    private readonly limits: AttachmentSettingsService,
  ) {}

  /** Uploads for a room: by its member (uploaderId) or by the backend (null). */
  async upload(ctx: ProjectContext, input: UploadInput): Promise<Attachment> {
    const room = await this.store.rooms.findLive(ctx.projectId, input.roomId);
    const member =
      room && (input.uploaderId === null || (await this.store.rooms.isMember(room.room_id, input.uploaderId)));
    if (!room || !member) throw errors.roomNotFound(input.roomId);
    const { maxBytes, allowedTypes } = await this.limits.effective(ctx.projectId);
    if (input.declaredLength !== undefined && input.declaredLength > maxBytes)
      throw errors.attachmentTooLarge(maxBytes);

    let spooled: Spooled;
    try {
      await mkdir(this.settings.spoolDir, { recursive: true, mode: 0o700 });
      spooled = await spool(input.body, this.settings.spoolDir, maxBytes);
    } catch (err) {
      if (err instanceof SpoolLimitError) throw errors.attachmentTooLarge(maxBytes);
      if ((err as NodeJS.ErrnoException).code === 'ENOSPC' || (err as NodeJS.ErrnoException).code === 'EACCES')
        throw errors.storageUnavailable(err);
      throw err;
    }
    const temporary: string[] = [spooled.path];
    try {
      input.verifyBody?.(spooled.sha256);
      if (spooled.size === 0) throw fieldError('body', 'minBytes', 'must hold the file: it is empty');
      const mime = await sniffType(spooled.path, input.name);
      if (mime === null || !allowedTypes.includes(mime))
        throw errors.attachmentTypeNotAllowed(mime ?? 'of no type we recognise (binary)', allowedTypes.join(', '));
      const mismatch = nameMismatch(input.name, mime);
      if (mismatch) throw errors.attachmentTypeMismatch(mismatch);

      let image: ProcessedImage | null = null;
      if (PROCESSED_IMAGES.has(mime)) {
        const out = {
          sanitizedPath: tempPath(this.settings.spoolDir, 'image'),
          thumbnailPath: tempPath(this.settings.spoolDir, 'thumb'),
        };
        temporary.push(out.sanitizedPath, out.thumbnailPath);
        try {
          image = await processImage(spooled.path, mime, out);
        } catch (err) {
          if (err instanceof UndecodableImageError) throw errors.attachmentUndecodable(mime);
          throw err;
        }
      }
      const served = image ? await sha256Of(image.servedPath) : spooled;
      const attachmentId = newId.attachment();
      const storageKey = `${ctx.projectId}/${attachmentId}`;
      const row: AttachmentRow = {
        attachment_id: attachmentId,
        project_id: ctx.projectId,
        room_id: room.room_id,
        uploader_id: input.uploaderId,
        name: input.name,
        mime_type: mime,
        size: served.size,
        sha256: served.sha256,
        width: image?.width ?? null,
        height: image?.height ?? null,
        blurhash: image?.blurhash ?? null,
        thumbnail_width: image?.thumbnail.width ?? null,
        thumbnail_height: image?.thumbnail.height ?? null,
        storage_key: storageKey,
        message_id: null,
        position: null,
        created_at: isoAt(this.clock.now()),
        sent_at: null,
      };
      await this.#store(row, image ? image.servedPath : spooled.path, image?.thumbnail ?? null);
      return this.describe(row);
    } finally {
      await removeQuietly(...temporary);
    }
  }

  /** Puts the bytes (and thumbnail), then writes the row; any failure takes back what was put. */
  async #store(row: AttachmentRow, file: string, thumbnail: { path: string; size: number } | null): Promise<void> {
    const put: string[] = [];
    try {
      await this.storage.put(row.storage_key, file, { size: row.size, contentType: row.mime_type });
      put.push(row.storage_key);
      if (thumbnail) {
        const key = row.storage_key + THUMBNAIL_SUFFIX;
        put.push(key);
        await this.storage.put(key, thumbnail.path, { size: thumbnail.size, contentType: 'image/webp' });
      }
      await this.store.attachments.insert(row);
    } catch (err) {
      await Promise.all(put.map((key) => this.storage.delete(key).catch(() => {})));
      if (err instanceof StorageUnavailableError) throw errors.storageUnavailable(err);
      throw err;
    }
  }

  describe(row: AttachmentRow): Attachment {
    const content = this.urls.sign(row.attachment_id, 'content');
    return {
      attachment_id: row.attachment_id,
      room_id: row.room_id,
      name: row.name,
      mime_type: row.mime_type,
      size: Number(row.size),
      sha256: row.sha256,
      ...(row.width !== null && row.height !== null && { width: row.width, height: row.height }),
      ...(row.blurhash !== null && { blurhash: row.blurhash }),
      ...(row.thumbnail_width !== null &&
        row.thumbnail_height !== null && {
          thumbnail: {
            url: this.urls.sign(row.attachment_id, 'thumbnail').url,
            width: row.thumbnail_width,
            height: row.thumbnail_height,
            mime_type: 'image/webp' as const,
          },
        }),
      url: content.url,
      url_expires_at: content.expires_at,
      uploader_id: row.uploader_id,
      message_id: row.message_id,
      created_at: row.created_at,
    };
  }

  /** The backend: any attachment of the project whose room still exists. */
  async get(ctx: ProjectContext, attachmentId: string): Promise<Attachment> {
    const row = await this.store.attachments.find(ctx.projectId, attachmentId);
    if (!row || (await this.store.attachments.withdrawn(attachmentId))) throw errors.attachmentNotFound(attachmentId);
    return this.describe(row);
  }

  /**
   * An end user: attachments sent in a room they are in, and their own unsent uploads; to anyone
   * else the attachment does not exist.
   */
  async getAs(ctx: ProjectContext, userId: string, attachmentId: string): Promise<Attachment> {
    const row = await this.store.attachments.find(ctx.projectId, attachmentId);
    const visible =
      row &&
      (row.message_id !== null || row.uploader_id === userId) &&
      !(await this.store.attachments.withdrawn(attachmentId)) &&
      (await this.store.rooms.isMember(row.room_id, userId));
    if (!row || !visible) throw errors.attachmentNotFound(attachmentId);
    return this.describe(row);
  }

  /** A signed URL's bytes: the signature first (before any lookup), then the attachment. */
  async download(
    attachmentId: string,
    variant: Variant,
    expires: string | undefined,
    signature: string | undefined,
  ): Promise<Download> {
    const secondsLeft = this.urls.verify(attachmentId, variant, expires, signature);
    const row = await this.store.attachments.findById(attachmentId);
    if (!row || (await this.store.attachments.withdrawn(attachmentId))) throw errors.attachmentNotFound(attachmentId);
    if (variant === 'thumbnail' && row.thumbnail_width === null) throw errors.attachmentNotFound(attachmentId);
    const key = variant === 'thumbnail' ? row.storage_key + THUMBNAIL_SUFFIX : row.storage_key;
    const storage = this.storage;
    const read = async (range?: ByteRange) => {
      try {
        return await storage.read(key, range);
      } catch (err) {
        if (err instanceof StorageMissingError) throw errors.attachmentNotFound(attachmentId);
        if (err instanceof StorageUnavailableError) throw errors.storageUnavailable(err);
        throw err;
      }
    };
    if (variant === 'thumbnail') {
      // The thumbnail's size is not kept: it is read whole (a few KB), never by range.
      const stream = await read();
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      const bytes = Buffer.concat(chunks);
      return {
        name: `${row.name.replace(/\.[^.]*$/, '')}.thumb.webp`,
        mime_type: 'image/webp',
        size: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        secondsLeft,
        read: async () => Readable.from([bytes]),
      };
    }
    return { name: row.name, mime_type: row.mime_type, size: Number(row.size), sha256: row.sha256, secondsLeft, read };
  }

  /**
   * Ties the uploads `ids` to a new message and returns their descriptions; every id must be an
   * unsent upload of this room, sent by its uploader (`actingUser`, the end user sending) or by
   * the backend (actingUser null), and an image message's must all be images. Runs in the
   * caller's transaction: a refused one leaves every upload unsent.
   */
  async attachToMessage(
    ctx: ProjectContext,
    input: {
      roomId: string;
      messageId: string;
      contentType: ContentType;
      actingUser: string | null;
      ids: readonly string[];
      at: string;
    },
  ): Promise<Attachment[]> {
    const rows: AttachmentRow[] = [];
    const problems: ErrorDetail[] = [];
    for (const [i, id] of input.ids.entries()) {
      const field = `attachments.${i}`;
      const row = await this.store.attachments.find(ctx.projectId, id);
      if (!row || row.room_id !== input.roomId) {
        problems.push({ field, rule: 'attachment', message: `${id} is not an attachment uploaded to this room` });
      } else if (row.message_id !== null) {
        problems.push({ field, rule: 'unsent', message: `${id} was already sent in a message; upload it again` });
      } else if (input.actingUser !== null && row.uploader_id !== input.actingUser) {
        problems.push({ field, rule: 'uploader', message: `${id} was uploaded by someone else; only they send it` });
      } else if (input.contentType === 'image' && !row.mime_type.startsWith('image/')) {
        problems.push({
          field,
          rule: 'image',
          message: `${id} is ${row.mime_type}, not an image; send it with content_type "file"`,
        });
      } else rows.push(row);
    }
    if (problems.length > 0) throw validationFailed(problems);
    for (const [position, row] of rows.entries()) {
      // Another send may have taken it since it was read: the claim is conditional.
      if (!(await this.store.attachments.claim(row.attachment_id, input.messageId, position, input.at))) {
        throw fieldError(
          `attachments.${position}`,
          'unsent',
          `${row.attachment_id} was already sent in a message; upload it again`,
        );
      }
      row.message_id = input.messageId;
      row.position = position;
      row.sent_at = input.at;
    }
    return rows.map((row) => this.describe(row));
  }

  /**
   * The messages with their attachments' descriptions (fresh URLs); deleted and redacted ones
   * carry none. Every answer, event and frame that carries a message goes through here, so a
   * client that replaces a message by its changed copy keeps its images.
   */
  async withAttachments(messages: Message[]): Promise<Message[]> {
    const ids = messages
      .filter(
        (m) =>
          (m.content_type === 'image' || m.content_type === 'file') &&
          m.redacted_at === undefined &&
          m.deleted_at === undefined,
      )
      .map((m) => m.message_id);
    if (ids.length === 0) return messages;
    const byMessage = new Map<string, Attachment[]>();
    for (const row of await this.store.attachments.ofMessages(ids)) {
      const list = byMessage.get(row.message_id!) ?? [];
      list.push(this.describe(row));
      byMessage.set(row.message_id!, list);
    }
    return messages.map((m) => {
      const attachments = byMessage.get(m.message_id);
      return attachments ? { ...m, attachments } : m;
    });
  }

  /**
   * Removes what has outlived its promise: uploads unsent after the grace period, attachments of
   * rooms and messages deleted longer ago than it, and those of redacted messages. Bytes first, then the row:
   * a storage failure leaves the row for the next sweep. Returns how many were removed.
   */
  async sweep(batch = 200): Promise<number> {
    const before = isoAt(this.clock.now() - this.settings.graceMs);
    let removed = 0;
    for (const row of await this.store.attachments.expired(before, before, batch)) {
      try {
        await this.storage.delete(row.storage_key);
        if (row.thumbnail_width !== null) await this.storage.delete(row.storage_key + THUMBNAIL_SUFFIX);
      } catch (err) {
        if (err instanceof StorageUnavailableError) continue;
        throw err;
      }
      await this.store.attachments.delete(row.attachment_id);
      removed++;
    }
    return removed;
  }

  ping(): Promise<void> {
    return this.storage.ping();
  }
}
