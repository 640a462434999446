package io.oichat.model;

import io.oichat.internal.Immutable;
import java.util.List;

/**
 * One page of a cursor-paginated list. Pass {@link #nextCursor()} back as {@code cursor} for the
 * next page; it is null on the last one.
 */
public record CursorPage<T>(List<T> data, String nextCursor, boolean hasMore) {
    public CursorPage {
        data = Immutable.list(data);
    }
}
