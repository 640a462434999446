package io.oichat.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Read-only copies for the response records, so a result handed to one part of an application
 * cannot be changed under another (the records are shared freely across threads). JSON values are
 * copied all the way down: a map inside a room's metadata is read-only too. Nulls stay as they
 * are (JSON null is a value; Map.copyOf and List.copyOf would refuse it). Internal: not part of
 * the SDK's API.
 */
public final class Immutable {
    private Immutable() {}

    /** A read-only copy of a list of records, strings or enums; null stays null. */
    public static <T> List<T> list(List<T> values) {
        return values == null ? null : Collections.unmodifiableList(new ArrayList<>(values));
    }

    /** A read-only copy of a map of strings, numbers or records, in its order; null stays null. */
    public static <V> Map<String, V> map(Map<String, V> values) {
        return values == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** A read-only deep copy of a JSON object as Jackson reads it (maps, lists, scalars); null stays null. */
    public static Map<String, Object> json(Map<String, Object> object) {
        if (object == null) return null;
        Map<String, Object> copy = new LinkedHashMap<>();
        object.forEach((key, value) -> copy.put(key, value(value)));
        return Collections.unmodifiableMap(copy);
    }

    @SuppressWarnings("unchecked")
    private static Object value(Object value) {
        if (value instanceof Map<?, ?> map) return json((Map<String, Object>) map);
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object item : list) copy.add(value(item));
            return Collections.unmodifiableList(copy);
        }
        return value;
    }
}
