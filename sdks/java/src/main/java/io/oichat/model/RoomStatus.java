package io.oichat.model;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonValue;

/** A room's status, which your backend sets (say, when a support case is resolved). */
public enum RoomStatus {
    OPEN("open"),
    RESOLVED("resolved"),
    /** A value this version of the SDK does not know yet (sent by a newer server); never sent. */
    @JsonEnumDefaultValue
    UNKNOWN("unknown");

    private final String value;

    RoomStatus(String value) {
        this.value = value;
    }

    /** The value on the wire, e.g. {@code "open"}. */
    @JsonValue
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
