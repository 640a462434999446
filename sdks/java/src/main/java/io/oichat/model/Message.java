package io.oichat.model;

import io.oichat.internal.Immutable;
import java.time.Instant;
import java.util.Map;

/**
 * A message as the API returns it.
 *
 * @param seq 1, 2, 3, … per room, with no gap and no repeat
 * @param senderId a participant's user id, or {@code "system"}
 * @param content {@code ""} once redacted
 * @param metadata empty once redacted
 * @param redactedAt null unless the message was erased (its sender was deleted with {@code redactMessages}):
 *     when it was
 */
public record Message(
        String messageId,
        String roomId,
        long seq,
        String senderId,
        String content,
        MessageContentType contentType,
        Map<String, Object> metadata,
        Instant createdAt,
        Instant redactedAt) {
    public Message {
        metadata = Immutable.json(metadata);
    }
}
