package io.oichat.resources;

import io.oichat.RequestOptions;
import io.oichat.internal.Sync;
import io.oichat.model.Attachment;
import io.oichat.model.AttachmentSettings;
import io.oichat.model.UpdateAttachmentSettingsParams;
import io.oichat.model.UploadOptions;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * {@code oichat.attachments()}: files and images uploaded to a room for {@code IMAGE} and {@code
 * FILE} messages ({@code SendMessageParams.builder().attachments(id)}), read back with fresh signed
 * URLs, and the project's upload limits. An upload's body is the file itself, signed over its
 * SHA-256 like any body; it is streamed, never held in memory by the SDK: a {@link Path} is read
 * from disk, an {@link InputStream} is copied to a temporary file (deleted when the call ends) as
 * it is hashed. The per-attempt timeout covers sending the file: give a large one a longer {@code
 * RequestOptions.timeout}.
 */
public final class Attachments {
    private final AttachmentsAsync async;

    public Attachments(AttachmentsAsync async) {
        this.async = async;
    }

    /**
     * Uploads bytes to a room, unsent until a message sends them (removed after 24 hours otherwise).
     * The server judges the type from the bytes and refuses what is too large ({@code 413
     * attachment_too_large}) or not allowed ({@code 415 attachment_type_not_allowed}, {@code
     * attachment_type_mismatch}, {@code attachment_undecodable}); {@code 404 room_not_found}.
     * Images come back with width, height, thumbnail and blurhash. The array must not change until
     * the call ends. {@code POST /v1/rooms/{room_id}/attachments?name=…}.
     */
    public Attachment upload(String roomId, byte[] data, UploadOptions upload, RequestOptions options) {
        return Sync.await(async.upload(roomId, data, upload, options));
    }

    public Attachment upload(String roomId, byte[] data, UploadOptions upload) {
        return upload(roomId, data, upload, RequestOptions.none());
    }

    /**
     * Uploads a file, streamed from disk (hashed first, then read again by each attempt; a file
     * that changes in between is refused {@code 401 invalid_signature}).
     */
    public Attachment upload(String roomId, Path file, UploadOptions upload, RequestOptions options) {
        return Sync.await(async.upload(roomId, file, upload, options));
    }

    public Attachment upload(String roomId, Path file, UploadOptions upload) {
        return upload(roomId, file, upload, RequestOptions.none());
    }

    /** Uploads a file under its own name. */
    public Attachment upload(String roomId, Path file) {
        return Sync.await(async.upload(roomId, file));
    }

    /**
     * Uploads what a stream holds, read to its end (the stream is not closed: it is the caller's)
     * into a temporary file readable by this user only, then streamed from there.
     */
    public Attachment upload(String roomId, InputStream data, UploadOptions upload, RequestOptions options) {
        return Sync.await(async.upload(roomId, data, upload, options));
    }

    public Attachment upload(String roomId, InputStream data, UploadOptions upload) {
        return upload(roomId, data, upload, RequestOptions.none());
    }

    /**
     * An attachment of the project (whose room is live) with fresh signed URLs: {@code 404
     * attachment_not_found}. {@code GET /v1/attachments/{attachment_id}}.
     */
    public Attachment get(String attachmentId, RequestOptions options) {
        return Sync.await(async.get(attachmentId, options));
    }

    public Attachment get(String attachmentId) {
        return get(attachmentId, RequestOptions.none());
    }

    /** The project's limits, what holds, and the server's. {@code GET /v1/attachments/settings}. */
    public AttachmentSettings settings(RequestOptions options) {
        return Sync.await(async.settings(options));
    }

    public AttachmentSettings settings() {
        return settings(RequestOptions.none());
    }

    /**
     * Narrows the project's limits within the server's ({@code 400 validation_failed} beyond them);
     * the next upload is held to them. {@code PATCH /v1/attachments/settings}.
     */
    public AttachmentSettings updateSettings(UpdateAttachmentSettingsParams params, RequestOptions options) {
        return Sync.await(async.updateSettings(params, options));
    }

    public AttachmentSettings updateSettings(UpdateAttachmentSettingsParams params) {
        return updateSettings(params, RequestOptions.none());
    }
}
