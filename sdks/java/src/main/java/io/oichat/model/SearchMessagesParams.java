package io.oichat.model;

/**
 * {@code messages().search(…)}: {@code query} is required: 1–200 characters, at most 10 words,
 * each matched as a substring of a message's content, letters A–Z in either case (so a part of a
 * Korean word matches too). Optionally one room or one sender; results newest first, cursor-paged.
 */
public final class SearchMessagesParams {
    private final String query;
    private final String roomId;
    private final String senderId;
    private final Integer limit;
    private final String cursor;

    private SearchMessagesParams(Builder b) {
        query = Params.required(b.query, "SearchMessagesParams", "query");
        roomId = b.roomId;
        senderId = b.senderId;
        limit = b.limit;
        cursor = b.cursor;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A search for {@code query} over the whole project, first page. */
    public static SearchMessagesParams of(String query) {
        return builder().query(query).build();
    }

    public String query() {
        return query;
    }

    public String roomId() {
        return roomId;
    }

    public String senderId() {
        return senderId;
    }

    public Integer limit() {
        return limit;
    }

    public String cursor() {
        return cursor;
    }

    /** A builder holding these values: {@code params.toBuilder().cursor(page.nextCursor()).build()} is the next page. */
    public Builder toBuilder() {
        return new Builder().query(query).roomId(roomId).senderId(senderId).limit(limit).cursor(cursor);
    }

    @Override
    public String toString() {
        return "SearchMessagesParams{query=" + query + ", roomId=" + roomId + ", senderId=" + senderId + ", limit="
                + limit + ", cursor=" + cursor + "}";
    }

    public static final class Builder {
        private String query;
        private String roomId;
        private String senderId;
        private Integer limit;
        private String cursor;

        private Builder() {}

        /** Words, each a substring of the content (A–Z in either case); a message must hold every one. */
        public Builder query(String query) {
            this.query = query;
            return this;
        }

        /** Only this room's messages. */
        public Builder roomId(String roomId) {
            this.roomId = roomId;
            return this;
        }

        /** Only this sender's messages (a user id, or {@code "system"}). */
        public Builder senderId(String senderId) {
            this.senderId = senderId;
            return this;
        }

        /** 1–100, default 20; null for the default. */
        public Builder limit(Integer limit) {
            this.limit = limit;
            return this;
        }

        /** {@code nextCursor()} of the previous page of the same search; null for the first. */
        public Builder cursor(String cursor) {
            this.cursor = cursor;
            return this;
        }

        public SearchMessagesParams build() {
            return new SearchMessagesParams(this);
        }
    }
}
