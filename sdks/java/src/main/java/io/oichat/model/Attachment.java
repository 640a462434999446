package io.oichat.model;

import java.time.Instant;

/**
 * A file or image sent with a message, as the API describes it (docs/attachments.md). Its URLs are
 * signed and expire at {@code urlExpiresAt}; read the message again for fresh ones.
 *
 * @param mimeType the type its bytes say, never the declared one
 * @param size bytes, as served
 * @param width images only (else null): pixels, orientation applied
 * @param height images only (else null)
 * @param blurhash images only (else null): a BlurHash placeholder
 * @param thumbnail images only (else null): a WebP at most 320 px on its longer side
 * @param uploaderId the end user who uploaded it; null when the backend did
 * @param messageId the message that sent it; null while unsent
 */
public record Attachment(
        String attachmentId,
        String roomId,
        String name,
        String mimeType,
        long size,
        String sha256,
        Integer width,
        Integer height,
        String blurhash,
        Thumbnail thumbnail,
        String url,
        Instant urlExpiresAt,
        String uploaderId,
        String messageId,
        Instant createdAt) {

    /** An image's thumbnail: a signed URL with the same expiry as its attachment's. */
    public record Thumbnail(String url, int width, int height, String mimeType) {}
}
