package io.oichat.model;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code rooms().list(…)}: whose rooms (a user's, or without {@code userId} every room of the
 * project), narrowed by type, status and metadata, how many, and from where. Every field optional.
 */
public final class ListRoomsParams {
    /** The most metadata filters one list takes (the server's limit). */
    public static final int MAX_METADATA_FILTERS = 10;

    private final String userId;
    private final RoomType type;
    private final RoomStatus status;
    private final Map<String, String> metadata;
    private final Integer limit;
    private final String cursor;

    private ListRoomsParams(Builder b) {
        userId = b.userId;
        type = Params.known(b.type, "ListRoomsParams", "type");
        status = Params.known(b.status, "ListRoomsParams", "status");
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(b.metadata));
        limit = b.limit;
        cursor = b.cursor;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Shortcut for {@code builder().userId(userId).build()}: the rooms a user is in. */
    public static ListRoomsParams forUser(String userId) {
        return builder().userId(userId).build();
    }

    /** Every room of the project, first page, default size. */
    public static ListRoomsParams all() {
        return builder().build();
    }

    /** Null: every room of the project. */
    public String userId() {
        return userId;
    }

    public RoomType type() {
        return type;
    }

    public RoomStatus status() {
        return status;
    }

    /** The metadata filters as sent: key to the value's text (a number or boolean as JSON writes it). */
    public Map<String, String> metadata() {
        return metadata;
    }

    public Integer limit() {
        return limit;
    }

    public String cursor() {
        return cursor;
    }

    /** The {@code metadata} query values, {@code key=value} each, in the order they were given. */
    public List<String> metadataQuery() {
        List<String> values = new ArrayList<>(metadata.size());
        metadata.forEach((key, value) -> values.add(key + "=" + value));
        return values;
    }

    public Builder toBuilder() {
        Builder b = new Builder().userId(userId).type(type).status(status).limit(limit).cursor(cursor);
        b.metadata.putAll(metadata);
        return b;
    }

    @Override
    public String toString() {
        return "ListRoomsParams{userId=" + userId + ", type=" + type + ", status=" + status + ", metadata=" + metadata
                + ", limit=" + limit + ", cursor=" + cursor + "}";
    }

    public static final class Builder {
        private String userId;
        private RoomType type;
        private RoomStatus status;
        private final Map<String, String> metadata = new LinkedHashMap<>();
        private Integer limit;
        private String cursor;

        private Builder() {}

        /** Only the rooms this user is in; null (the default): every room of the project. */
        public Builder userId(String userId) {
            this.userId = userId;
            return this;
        }

        /** Only rooms of this type; null: both. */
        public Builder type(RoomType type) {
            this.type = type;
            return this;
        }

        /** Only rooms with this status ({@code OPEN}: what a support desk has to answer); null: both. */
        public Builder status(RoomStatus status) {
            this.status = status;
            return this;
        }

        /**
         * Only rooms whose metadata has this top-level key with this value. Up to 10 keys, all must
         * hold; the same key again replaces its value.
         */
        public Builder metadata(String key, String value) {
            if (key == null || key.isEmpty()) {
                throw new IllegalArgumentException("OiChat: ListRoomsParams.metadata: a key must be non-empty");
            }
            if (key.indexOf('=') >= 0) {
                throw new IllegalArgumentException("OiChat: ListRoomsParams.metadata: key \"" + key
                        + "\" holds '=', which the filter cannot express");
            }
            if (value == null) {
                throw new IllegalArgumentException("OiChat: ListRoomsParams.metadata: the value of \"" + key
                        + "\" is null");
            }
            if (!metadata.containsKey(key) && metadata.size() >= MAX_METADATA_FILTERS) {
                throw new IllegalArgumentException("OiChat: ListRoomsParams.metadata takes at most "
                        + MAX_METADATA_FILTERS + " keys");
            }
            metadata.put(key, value);
            return this;
        }

        /**
         * A number matches as JSON writes it: {@code metadata("order_id", 1234)} matches {@code 1234}
         * and {@code "1234"}.
         */
        public Builder metadata(String key, long value) {
            return metadata(key, Long.toString(value));
        }

        public Builder metadata(String key, double value) {
            return metadata(key, jsonNumber(key, value));
        }

        public Builder metadata(String key, boolean value) {
            return metadata(key, Boolean.toString(value));
        }

        /** Every entry as one filter; values must be strings, numbers or booleans. */
        public Builder metadata(Map<String, ?> filters) {
            if (filters == null) return this;
            filters.forEach((key, value) -> {
                if (value instanceof String s) metadata(key, s);
                else if (value instanceof Boolean bool) metadata(key, bool.booleanValue());
                else if (value instanceof Integer || value instanceof Long || value instanceof Short
                        || value instanceof Byte || value instanceof BigInteger) metadata(key, value.toString());
                else if (value instanceof BigDecimal decimal) metadata(key, jsonNumber(key, decimal.doubleValue()));
                // As Jackson writes a float (0.1f is 0.1), not as its double (0.10000000149011612).
                else if (value instanceof Float f) metadata(key, Double.parseDouble(Float.toString(f)));
                else if (value instanceof Number number) metadata(key, number.doubleValue());
                else throw new IllegalArgumentException("OiChat: ListRoomsParams.metadata: the value of \"" + key
                        + "\" must be a string, a number or a boolean");
            });
            return this;
        }

        /** 1–100, default 20. */
        public Builder limit(Integer limit) {
            this.limit = limit;
            return this;
        }

        /** {@code nextCursor()} of the previous page of the same list (same user and filters); null for the first. */
        public Builder cursor(String cursor) {
            this.cursor = cursor;
            return this;
        }

        public ListRoomsParams build() {
            return new ListRoomsParams(this);
        }

        /**
         * A double as JavaScript's JSON writes it ({@code 1.0} is {@code 1}, {@code 0.5} is {@code 0.5}),
         * which is what the server compares with. Outside the range where both write plain digits,
         * pass the value as a string.
         */
        private static String jsonNumber(String key, double value) {
            double magnitude = Math.abs(value);
            if (Double.isNaN(value) || Double.isInfinite(value) || magnitude >= 1e21
                    || magnitude != 0 && magnitude < 1e-6) {
                throw new IllegalArgumentException("OiChat: ListRoomsParams.metadata: the value of \"" + key
                        + "\" cannot be matched as a plain JSON number; pass it as a string");
            }
            if (value == 0) return "0";
            return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
        }
    }
}
