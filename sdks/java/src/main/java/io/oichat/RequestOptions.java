package io.oichat;

import io.oichat.internal.Limits;
import java.time.Duration;
import java.util.Objects;

/**
 * Per-call options, accepted as the last argument of every call: they override the client's
 * settings for that call only. Immutable; {@link #builder()} makes one, {@link #none()} is the
 * empty one.
 *
 * <pre>{@code
 * RequestOptions.builder()
 *     .idempotencyKey("order-1234-room") // POST calls: replaces the generated key
 *     .timeout(Duration.ofSeconds(3))    // per attempt
 *     .maxRetries(0)                     // no retries
 *     .build();
 * }</pre>
 */
public final class RequestOptions {
    private static final RequestOptions NONE = new RequestOptions(null, null, null);

    private final String idempotencyKey;
    private final Duration timeout;
    private final Integer maxRetries;

    private RequestOptions(String idempotencyKey, Duration timeout, Integer maxRetries) {
        this.idempotencyKey = idempotencyKey;
        this.timeout = timeout;
        this.maxRetries = maxRetries;
    }

    /** No overrides: the client's settings and a generated idempotency key. */
    public static RequestOptions none() {
        return NONE;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Shortcut for {@code builder().idempotencyKey(key).build()}. */
    public static RequestOptions idempotencyKey(String key) {
        return builder().idempotencyKey(key).build();
    }

    /** The key a POST sends instead of a generated one; null when none was set. */
    public String idempotencyKeyOrNull() {
        return idempotencyKey;
    }

    /** The per-attempt timeout for this call; null to use the client's. */
    public Duration timeoutOrNull() {
        return timeout;
    }

    /** The number of retries for this call; null to use the client's. */
    public Integer maxRetriesOrNull() {
        return maxRetries;
    }

    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.idempotencyKey = idempotencyKey;
        builder.timeout = timeout;
        builder.maxRetries = maxRetries;
        return builder;
    }

    @Override
    public String toString() {
        return "RequestOptions{idempotencyKey=" + idempotencyKey + ", timeout=" + timeout + ", maxRetries=" + maxRetries
                + "}";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RequestOptions o && Objects.equals(idempotencyKey, o.idempotencyKey)
                && Objects.equals(timeout, o.timeout) && Objects.equals(maxRetries, o.maxRetries);
    }

    @Override
    public int hashCode() {
        return Objects.hash(idempotencyKey, timeout, maxRetries);
    }

    public static final class Builder {
        private String idempotencyKey;
        private Duration timeout;
        private Integer maxRetries;

        private Builder() {}

        /**
         * Replaces the generated {@code Idempotency-Key} of a POST (1–255 visible ASCII characters),
         * so a repeat of the same operation (a job your queue retries, a form sent twice) has one
         * effect too. Ignored by GET, PATCH and DELETE calls, which carry no key.
         */
        public Builder idempotencyKey(String idempotencyKey) {
            this.idempotencyKey = idempotencyKey;
            return this;
        }

        /** Time limit of each attempt of this call, reading the answer included. */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** Retries of this call after its first attempt; 0 disables them. */
        public Builder maxRetries(int maxRetries) {
            this.maxRetries = maxRetries;
            return this;
        }

        /** Throws {@link OiChatConfigException} naming the option when one is malformed. */
        public RequestOptions build() {
            if (idempotencyKey != null && !Limits.isIdempotencyKey(idempotencyKey)) {
                throw new OiChatConfigException("idempotencyKey",
                        "OiChat: options.idempotencyKey must be 1-255 visible ASCII characters");
            }
            if (timeout != null) Limits.checkTimeout(timeout, "timeout", "options.timeout");
            if (maxRetries != null) Limits.checkMaxRetries(maxRetries, "maxRetries", "options.maxRetries");
            return new RequestOptions(idempotencyKey, timeout, maxRetries);
        }
    }
}
