package io.oichat.model;

/** {@code webhooks().attempts(endpointId, …)}: a page of delivery attempts, newest first. */
public final class ListWebhookAttemptsParams {
    private final Integer limit;
    private final String cursor;

    private ListWebhookAttemptsParams(Builder b) {
        limit = b.limit;
        cursor = b.cursor;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Integer limit() {
        return limit;
    }

    public String cursor() {
        return cursor;
    }

    @Override
    public String toString() {
        return "ListWebhookAttemptsParams{limit=" + limit + ", cursor=" + cursor + "}";
    }

    public static final class Builder {
        private Integer limit;
        private String cursor;

        private Builder() {}

        /** 1–100, default 20. */
        public Builder limit(Integer limit) {
            this.limit = limit;
            return this;
        }

        /** {@code nextCursor()} of the previous page. */
        public Builder cursor(String cursor) {
            this.cursor = cursor;
            return this;
        }

        public ListWebhookAttemptsParams build() {
            return new ListWebhookAttemptsParams(this);
        }
    }
}
