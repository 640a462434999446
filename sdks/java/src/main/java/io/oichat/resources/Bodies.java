package io.oichat.resources;

import java.util.Map;

/** The one-field bodies some calls send, checked before anything is sent. */
final class Bodies {
    private Bodies() {}

    static Map<String, Object> of(String call, String field, String jsonName, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("OiChat: " + call + ": " + field + " must be a non-empty string");
        }
        return Map.of(jsonName, value);
    }

    static <T> T required(T value, String call, String what) {
        if (value == null) throw new IllegalArgumentException("OiChat: " + call + ": " + what + " is required");
        return value;
    }
}
