package io.oichat.model;

import java.util.List;

/**
 * One page of a cursor-paginated list. Pass {@link #nextCursor()} back as {@code cursor} for the
 * next page; it is null on the last one.
 */
public record CursorPage<T>(List<T> data, String nextCursor, boolean hasMore) {}
