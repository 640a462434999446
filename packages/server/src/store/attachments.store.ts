/** Attachments' metadata: the bytes themselves are the storage driver's (services/attachment-storage.ts). */
import type { Selectable } from 'kysely';
import type { Executor } from './store.js';
import type { AttachmentSettingsTable, AttachmentsTable } from './schema.js';
import { inSlices } from './in-slices.js';

export type AttachmentRow = Selectable<AttachmentsTable>;
export type AttachmentSettingsRow = Selectable<AttachmentSettingsTable>;

export class AttachmentsStore {
  constructor(private readonly db: Executor) {}

  async insert(row: AttachmentRow): Promise<void> {
    await this.db().insertInto('attachments').values(row).execute();
  }

  find(projectId: string, attachmentId: string): Promise<AttachmentRow | undefined> {
    return this.db()
      .selectFrom('attachments')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('attachment_id', '=', attachmentId)
      .executeTakeFirst();
  }

  /** By id alone: a signed download URL names no project; its signature covers the row's. */
  findById(attachmentId: string): Promise<AttachmentRow | undefined> {
    return this.db().selectFrom('attachments').selectAll().where('attachment_id', '=', attachmentId).executeTakeFirst();
  }

  /**
   * Whether the attachment may no longer be served though its row is still there (the sweep has
   * not removed it yet): its room was deleted, or the message that sent it was deleted or
   * redacted. Each of these withdraws it at once; only the bytes wait for the sweep.
   */
  async withdrawn(attachmentId: string): Promise<boolean> {
    const row = await this.db()
      .selectFrom('attachments as a')
      .leftJoin('rooms as r', 'r.room_id', 'a.room_id')
      .leftJoin('messages as m', 'm.message_id', 'a.message_id')
      .select(['r.room_id', 'r.deleted_at as room_deleted_at', 'm.deleted_at as message_deleted_at', 'm.redacted_at'])
      .where('a.attachment_id', '=', attachmentId)
      .executeTakeFirst();
    return (
      !row ||
      row.room_id === null ||
      row.room_deleted_at !== null ||
      (row.message_deleted_at ?? null) !== null ||
      (row.redacted_at ?? null) !== null
    );
  }

  /**
   * Ties an unsent attachment to a message. False when another message took it first: the
   * condition on message_id makes two concurrent sends of one upload exclusive.
   */
  async claim(attachmentId: string, messageId: string, position: number, at: string): Promise<boolean> {
    const result = await this.db()
      .updateTable('attachments')
      .set({ message_id: messageId, position, sent_at: at })
      .where('attachment_id', '=', attachmentId)
      .where('message_id', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** The attachments of these messages, each message's in the order they were sent. */
  async ofMessages(messageIds: readonly string[]): Promise<AttachmentRow[]> {
    const rows: AttachmentRow[] = [];
    await inSlices(messageIds, async (slice) => {
      rows.push(
        ...(await this.db()
          .selectFrom('attachments')
          .selectAll()
          .where('message_id', 'in', slice)
          .orderBy('position')
          .execute()),
      );
    });
    return rows;
  }

  /**
   * What the sweep removes: uploads never sent by `unsentBefore`, attachments of rooms or of
   * messages deleted before `deletedBefore` (soft-deleted data keeps its bytes that long), and
   * those of redacted messages (their sender was deleted with redaction). At most `limit` a call.
   */
  async expired(unsentBefore: string, deletedBefore: string, limit: number): Promise<AttachmentRow[]> {
    const unsent = await this.db()
      .selectFrom('attachments')
      .selectAll()
      .where('message_id', 'is', null)
      .where('created_at', '<', unsentBefore)
      .limit(limit)
      .execute();
    const ofDeletedRooms = await this.db()
      .selectFrom('attachments as a')
      .innerJoin('rooms as r', 'r.room_id', 'a.room_id')
      .selectAll('a')
      .where('r.deleted_at', 'is not', null)
      .where('r.deleted_at', '<', deletedBefore)
      .limit(limit)
      .execute();
    const ofDeletedMessages = await this.db()
      .selectFrom('attachments as a')
      .innerJoin('messages as m', 'm.message_id', 'a.message_id')
      .selectAll('a')
      .where('m.deleted_at', 'is not', null)
      .where('m.deleted_at', '<', deletedBefore)
      .limit(limit)
      .execute();
    const ofRedacted = await this.db()
      .selectFrom('attachments as a')
      .innerJoin('messages as m', 'm.message_id', 'a.message_id')
      .selectAll('a')
      .where('m.redacted_at', 'is not', null)
      .limit(limit)
      .execute();
    const byId = new Map(
      [...unsent, ...ofDeletedRooms, ...ofDeletedMessages, ...ofRedacted].map((r) => [r.attachment_id, r]),
    );
    return [...byId.values()].slice(0, limit);
  }

  async delete(attachmentId: string): Promise<void> {
    await this.db().deleteFrom('attachments').where('attachment_id', '=', attachmentId).execute();
  }

  settings(projectId: string): Promise<AttachmentSettingsRow | undefined> {
    return this.db()
      .selectFrom('attachment_settings')
      .selectAll()
      .where('project_id', '=', projectId)
      .executeTakeFirst();
  }

  async saveSettings(row: AttachmentSettingsRow): Promise<void> {
    const { project_id: _key, ...values } = row;
    await this.db()
      .insertInto('attachment_settings')
      .values(row)
      .onConflict((oc) => oc.column('project_id').doUpdateSet(values))
      .execute();
  }
}
