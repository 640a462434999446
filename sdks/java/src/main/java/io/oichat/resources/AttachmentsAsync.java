package io.oichat.resources;

import com.fasterxml.jackson.databind.JavaType;
import io.oichat.OiChatException;
import io.oichat.RequestOptions;
import io.oichat.internal.ApiRequest;
import io.oichat.internal.Json;
import io.oichat.internal.SdkThreads;
import io.oichat.internal.Transport;
import io.oichat.internal.UploadBodies;
import io.oichat.internal.UrlPath;
import io.oichat.model.Attachment;
import io.oichat.model.AttachmentSettings;
import io.oichat.model.UpdateAttachmentSettingsParams;
import io.oichat.model.UploadOptions;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/** {@code oichat.async().attachments()}: the calls of {@link Attachments}, returning futures. */
public final class AttachmentsAsync {
    private static final JavaType ATTACHMENT = Json.type(Attachment.class);
    private static final JavaType SETTINGS = Json.type(AttachmentSettings.class);
    private static final String DEFAULT_TYPE = "application/octet-stream";

    private final Transport transport;

    public AttachmentsAsync(Transport transport) {
        this.transport = transport;
    }

    /** How an upload's body is made, on an SDK worker (it may read a file or the caller's stream). */
    @FunctionalInterface
    private interface BodySource {
        UploadBodies.Prepared prepare(String contentType, java.util.function.BooleanSupplier cancelled)
                throws java.io.IOException;
    }

    public CompletableFuture<Attachment> upload(String roomId, byte[] data, UploadOptions upload,
            RequestOptions options) {
        Bodies.required(data, "attachments.upload", "data");
        return upload(roomId, upload, options, "the bytes", (type, cancelled) -> UploadBodies.of(data, type));
    }

    public CompletableFuture<Attachment> upload(String roomId, byte[] data, UploadOptions upload) {
        return upload(roomId, data, upload, RequestOptions.none());
    }

    public CompletableFuture<Attachment> upload(String roomId, Path file, UploadOptions upload,
            RequestOptions options) {
        Bodies.required(file, "attachments.upload", "file");
        return upload(roomId, upload, options, "the file " + file,
                (type, cancelled) -> UploadBodies.of(file, type, cancelled));
    }

    public CompletableFuture<Attachment> upload(String roomId, Path file, UploadOptions upload) {
        return upload(roomId, file, upload, RequestOptions.none());
    }

    /** The file under its own name ({@code file.getFileName()}). */
    public CompletableFuture<Attachment> upload(String roomId, Path file) {
        Bodies.required(file, "attachments.upload", "file");
        Path name = file.getFileName();
        if (name == null) {
            throw new IllegalArgumentException("OiChat: attachments.upload: " + file + " has no file name");
        }
        return upload(roomId, file, UploadOptions.named(name.toString()), RequestOptions.none());
    }

    public CompletableFuture<Attachment> upload(String roomId, InputStream data, UploadOptions upload,
            RequestOptions options) {
        Bodies.required(data, "attachments.upload", "data");
        return upload(roomId, upload, options, "the stream",
                (type, cancelled) -> UploadBodies.spool(data, type, cancelled));
    }

    public CompletableFuture<Attachment> upload(String roomId, InputStream data, UploadOptions upload) {
        return upload(roomId, data, upload, RequestOptions.none());
    }

    /**
     * Prepares the body on a worker, then sends it; the temporary copy of a stream is deleted when
     * the call ends. Cancelling the returned future stops the preparation (at its next read) and
     * the call alike, as for every other call.
     */
    private CompletableFuture<Attachment> upload(String roomId, UploadOptions upload, RequestOptions options,
            String what, BodySource source) {
        Bodies.required(upload, "attachments.upload", "upload options (UploadOptions.named(\"file.pdf\"))");
        UrlPath path = UrlPath.of("/v1/rooms").segment("roomId", roomId).literal("attachments")
                .query("name", upload.name());
        String type = upload.mimeType() != null ? upload.mimeType() : DEFAULT_TYPE;
        CompletableFuture<Attachment> result = new CompletableFuture<>();
        SdkThreads.WORKERS.execute(() -> {
            UploadBodies.Prepared body;
            try {
                body = source.prepare(type, result::isDone);
            } catch (CancellationException e) {
                return;
            } catch (java.io.IOException | RuntimeException e) {
                result.completeExceptionally(new OiChatException("OiChat: attachments.upload could not read " + what
                        + ": " + e, e));
                return;
            }
            CompletableFuture<Attachment> call;
            try {
                call = transport.send(ApiRequest.post(path, body.body(), ATTACHMENT), options);
            } catch (RuntimeException e) {
                body.close();
                result.completeExceptionally(e);
                return;
            }
            call.whenComplete((attachment, error) -> {
                body.close();
                if (error == null) {
                    result.complete(attachment);
                    return;
                }
                Throwable cause = Transport.unwrap(error);
                result.completeExceptionally(cause instanceof OiChatException ? cause
                        : new OiChatException("OiChat: attachments.upload could not send " + what + ": " + cause,
                                cause));
            });
            result.whenComplete((attachment, error) -> {
                if (result.isCancelled()) call.cancel(true);
            });
        });
        return result;
    }

    public CompletableFuture<Attachment> get(String attachmentId, RequestOptions options) {
        UrlPath path = UrlPath.of("/v1/attachments").segment("attachmentId", attachmentId);
        return transport.send(ApiRequest.get(path, ATTACHMENT), options);
    }

    public CompletableFuture<Attachment> get(String attachmentId) {
        return get(attachmentId, RequestOptions.none());
    }

    public CompletableFuture<AttachmentSettings> settings(RequestOptions options) {
        return transport.send(ApiRequest.get(UrlPath.of("/v1/attachments/settings"), SETTINGS), options);
    }

    public CompletableFuture<AttachmentSettings> settings() {
        return settings(RequestOptions.none());
    }

    public CompletableFuture<AttachmentSettings> updateSettings(UpdateAttachmentSettingsParams params,
            RequestOptions options) {
        Bodies.required(params, "attachments.updateSettings", "params");
        return transport.send(ApiRequest.patch(UrlPath.of("/v1/attachments/settings"), params,
                SETTINGS), options);
    }

    public CompletableFuture<AttachmentSettings> updateSettings(UpdateAttachmentSettingsParams params) {
        return updateSettings(params, RequestOptions.none());
    }
}
