package io.oichat.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The body of an update: only the fields that were set, so "leave as it is" (absent) and "clear"
 * (an explicit null) stay apart on the wire.
 */
abstract class PatchParams {
    private final Map<String, Object> json;

    PatchParams(Map<String, Object> fields) {
        this.json = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** The fields set, by wire name; a null value clears the field. */
    public Map<String, Object> fields() {
        return json;
    }

    @JsonValue
    Map<String, Object> json() {
        return json;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + json;
    }
}
