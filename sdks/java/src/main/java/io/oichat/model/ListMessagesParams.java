package io.oichat.model;

/**
 * {@code messages().list(roomId, …)}: {@code after(N)} reads forward from seq N ({@code 0} from
 * the start), {@code before(N)} reads backward, neither gives the newest messages; not both.
 * {@code thread(false)} leaves thread replies out (the main timeline only).
 */
public final class ListMessagesParams {
    private final Long after;
    private final Long before;
    private final Integer limit;
    private final Boolean thread;

    private ListMessagesParams(Builder b) {
        after = b.after;
        before = b.before;
        limit = b.limit;
        thread = b.thread;
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

    public Boolean thread() {
        return thread;
    }

    @Override
    public String toString() {
        return "ListMessagesParams{after=" + after + ", before=" + before + ", limit=" + limit + ", thread=" + thread
                + "}";
    }

    public static final class Builder {
        private Long after;
        private Long before;
        private Integer limit;
        private Boolean thread;

        private Builder() {}

        /** Messages with {@code seq} greater than this. */
        public Builder after(long after) {
            this.after = after;
            return this;
        }

        /** Messages with {@code seq} lower than this. */
        public Builder before(long before) {
            this.before = before;
            return this;
        }

        /** 1–100, default 50. */
        public Builder limit(int limit) {
            this.limit = limit;
            return this;
        }

        /** {@code false}: thread replies left out, the main timeline only; default {@code true} (every message). */
        public Builder thread(boolean thread) {
            this.thread = thread;
            return this;
        }

        public ListMessagesParams build() {
            return new ListMessagesParams(this);
        }
    }
}
