package io.oichat.model;

import io.oichat.internal.Immutable;
import java.time.Instant;
import java.util.Map;

/**
 * A room without its participant list, as the {@code room.updated}, {@code participant.added} and
 * {@code participant.removed} webhook events carry it (their size must not grow with the room's):
 * every other field of {@link Room}, {@code participantCount} included. Fetch the room
 * ({@code rooms().get(roomId)}) for its members.
 */
public record RoomSummary(
        String roomId,
        RoomType type,
        String name,
        RoomStatus status,
        Map<String, Object> metadata,
        int participantCount,
        long messageCount,
        long lastSeq,
        Instant createdAt,
        Instant updatedAt,
        Instant lastMessageAt) {
    public RoomSummary {
        metadata = Immutable.json(metadata);
    }
}
