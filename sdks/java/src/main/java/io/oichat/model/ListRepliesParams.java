package io.oichat.model;

/**
 * {@code messages().replies(messageId, …)}: a thread's replies, paged by {@code seq} like a room's
 * history: {@code after(N)} reads forward, {@code before(N)} backward, neither gives the newest;
 * not both.
 */
public final class ListRepliesParams {
    private final Long after;
    private final Long before;
    private final Integer limit;

    private ListRepliesParams(Builder b) {
        after = b.after;
        before = b.before;
        limit = b.limit;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Long after() {
        return after;
    }

    public Long before() {
        return before;
    }

    public Integer limit() {
        return limit;
    }

    @Override
    public String toString() {
        return "ListRepliesParams{after=" + after + ", before=" + before + ", limit=" + limit + "}";
    }

    public static final class Builder {
        private Long after;
        private Long before;
        private Integer limit;

        private Builder() {}

        /** Replies with {@code seq} greater than this. */
        public Builder after(long after) {
            this.after = after;
            return this;
        }

        /** Replies with {@code seq} lower than this. */
        public Builder before(long before) {
            this.before = before;
            return this;
        }

        /** 1–100, default 50. */
        public Builder limit(int limit) {
            this.limit = limit;
            return this;
        }

        public ListRepliesParams build() {
            return new ListRepliesParams(this);
        }
    }
}
