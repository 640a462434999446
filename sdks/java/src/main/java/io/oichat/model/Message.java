package io.oichat.model;

import io.oichat.internal.Immutable;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A message as the API returns it.
 *
 * @param seq 1, 2, 3, … per room, with no gap and no repeat (a deleted message keeps its seq)
 * @param senderId a participant's user id, or {@code "system"}
 * @param content {@code ""} once redacted or deleted
 * @param metadata empty once redacted or deleted
 * @param redactedAt null unless the message was erased (its sender was deleted with {@code redactMessages}):
 *     when it was
 * @param editedAt null unless the message was edited: when its content or metadata last changed
 * @param deletedAt null unless the message was deleted ({@code messages().delete}): when it was; it then has no
 *     content, metadata, reactions, mentions or pin
 * @param parentId null unless the message is a thread reply: the id of its thread's root message
 * @param replyCount on a thread root, how many replies it has; 0 on every other message
 * @param lastReplyAt on a thread root with replies, when the last one came; null otherwise
 * @param reactions how many users reacted with each type ({@code "👍" → 2}), types in the order first used; empty
 *     when nobody reacted
 * @param mentions the user ids the message mentions; empty when none
 * @param pinnedAt null unless the message is pinned: when it was
 * @param pinnedBy with {@code pinnedAt}: who pinned it, a participant or {@code "system"} (the backend)
 * @param attachments the files and images sent with it (content type image or file); empty when none
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
        Instant redactedAt,
        Instant editedAt,
        Instant deletedAt,
        String parentId,
        int replyCount,
        Instant lastReplyAt,
        Map<String, Integer> reactions,
        List<String> mentions,
        Instant pinnedAt,
        String pinnedBy,
        List<Attachment> attachments) {
    public Message {
        metadata = Immutable.json(metadata);
        reactions = reactions == null ? Map.of() : Immutable.map(reactions);
        mentions = mentions == null ? List.of() : Immutable.list(mentions);
        attachments = attachments == null ? List.of() : Immutable.list(attachments);
    }
}
