package io.oichat.internal;

import io.oichat.model.CursorPage;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * Every item of a cursor-paginated list, page after page as the loop asks for them: each page is
 * one request, made when the previous page is used up, so a loop that stops early fetches no more.
 * Internal: not part of the SDK's API.
 */
public final class Paging {
    private Paging() {}

    /**
     * {@code pageAt} fetches the page at a cursor; the first page is fetched at {@code firstCursor}
     * (null: the start) when the iteration begins, each later one at the previous page's
     * {@code nextCursor()}.
     */
    public static <T> Iterable<T> all(String firstCursor, Function<String, CursorPage<T>> pageAt) {
        return () -> new Iterator<>() {
            private CursorPage<T> page = pageAt.apply(firstCursor);
            private int index;

            @Override
            public boolean hasNext() {
                while (index >= page.data().size()) {
                    if (!page.hasMore() || page.nextCursor() == null) return false;
                    page = pageAt.apply(page.nextCursor());
                    index = 0;
                }
                return true;
            }

            @Override
            public T next() {
                if (!hasNext()) throw new NoSuchElementException();
                return page.data().get(index++);
            }
        };
    }
}
