package io.oichat.model;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonValue;

/** A room's type: {@code direct} (one per pair of users, participants fixed) or {@code group} (2–500). */
public enum RoomType {
    DIRECT("direct"),
    GROUP("group"),
    /** A value this version of the SDK does not know yet (sent by a newer server); never sent. */
    @JsonEnumDefaultValue
    UNKNOWN("unknown");

    private final String value;

    RoomType(String value) {
        this.value = value;
    }

    /** The value on the wire, e.g. {@code "direct"}. */
    @JsonValue
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
