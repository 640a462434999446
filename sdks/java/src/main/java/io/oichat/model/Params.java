package io.oichat.model;

import java.util.List;
import java.util.Map;

/** Checks shared by the parameter builders: a missing required value fails before anything is sent. */
final class Params {
    private Params() {}

    static <T> T required(T value, String params, String field) {
        if (value == null || value instanceof String s && s.isEmpty()) {
            throw new IllegalArgumentException("OiChat: " + params + "." + field + " is required");
        }
        return value;
    }

    static <E extends Enum<E>> E known(E value, String params, String field) {
        if (value != null && "UNKNOWN".equals(value.name())) {
            throw new IllegalArgumentException("OiChat: " + params + "." + field + " cannot be UNKNOWN");
        }
        return value;
    }

    static List<String> copy(List<String> values, String params, String field) {
        if (values == null) return null;
        for (String value : values) {
            if (value == null) throw new IllegalArgumentException("OiChat: " + params + "." + field + " holds a null");
        }
        return List.copyOf(values);
    }

    /** Metadata keeps its keys as given (no snake_case mapping) and may hold nulls, so no Map.copyOf. */
    static Map<String, Object> copy(Map<String, ?> metadata) {
        return metadata == null ? null : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metadata));
    }
}
