package io.oichat.model;

import io.oichat.internal.Immutable;
import java.util.List;

/**
 * A slice of a room's history, in ascending {@code seq}; {@code hasMore} says whether more
 * messages lie further in the direction read.
 */
public record MessageList(List<Message> data, boolean hasMore) {
    public MessageList {
        data = Immutable.list(data);
    }
}
