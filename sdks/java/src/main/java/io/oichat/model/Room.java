package io.oichat.model;

import io.oichat.internal.Immutable;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A room as the API returns it.
 *
 * @param participants user ids in the order they joined
 * @param lastSeq the {@code seq} of the newest message, 0 when none
 * @param name null when unset
 * @param metadata empty when unset
 * @param lastMessageAt null before the first message
 */
public record Room(
        String roomId,
        RoomType type,
        String name,
        RoomStatus status,
        Map<String, Object> metadata,
        List<String> participants,
        int participantCount,
        long messageCount,
        long lastSeq,
        Instant createdAt,
        Instant updatedAt,
        Instant lastMessageAt) {
    public Room {
        metadata = Immutable.json(metadata);
        participants = Immutable.list(participants);
    }
}
