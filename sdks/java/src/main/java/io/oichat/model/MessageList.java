package io.oichat.model;

import io.oichat.internal.Immutable;
import java.util.List;

/**
 * A slice of a room's history or of a thread's replies, in ascending {@code seq}; {@code hasMore}
 * says whether more messages lie further in the direction read. As {@code rooms().pins(roomId)}
 * answers it: the pinned messages, newest pin first, and whether more than these are pinned.
 */
public record MessageList(List<Message> data, boolean hasMore) {
    public MessageList {
        data = Immutable.list(data);
    }
}
