package io.oichat.model;

/** {@code rooms().list(…)}: whose rooms, how many, and from where. */
public final class ListRoomsParams {
    private final String userId;
    private final Integer limit;
    private final String cursor;

    private ListRoomsParams(Builder b) {
        userId = b.userId;
        limit = b.limit;
        cursor = b.cursor;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Shortcut for {@code builder().userId(userId).build()}. */
    public static ListRoomsParams forUser(String userId) {
        return builder().userId(userId).build();
    }

    public String userId() {
        return userId;
    }

    public Integer limit() {
        return limit;
    }

    public String cursor() {
        return cursor;
    }

    public Builder toBuilder() {
        return new Builder().userId(userId).limit(limit).cursor(cursor);
    }

    @Override
    public String toString() {
        return "ListRoomsParams{userId=" + userId + ", limit=" + limit + ", cursor=" + cursor + "}";
    }

    public static final class Builder {
        private String userId;
        private Integer limit;
        private String cursor;

        private Builder() {}

        /** The user whose rooms to list (the server requires it). */
        public Builder userId(String userId) {
            this.userId = userId;
            return this;
        }

        /** 1–100, default 20. */
        public Builder limit(Integer limit) {
            this.limit = limit;
            return this;
        }

        /** {@code nextCursor()} of the previous page; null for the first. */
        public Builder cursor(String cursor) {
            this.cursor = cursor;
            return this;
        }

        public ListRoomsParams build() {
            return new ListRoomsParams(this);
        }
    }
}
