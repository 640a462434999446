package io.oichat.model;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonValue;

/** A user's role, carried in their token. */
public enum UserRole {
    USER("user"),
    AGENT("agent"),
    /** A value this version of the SDK does not know yet (sent by a newer server); never sent. */
    @JsonEnumDefaultValue
    UNKNOWN("unknown");

    private final String value;

    UserRole(String value) {
        this.value = value;
    }

    /** The value on the wire, e.g. {@code "user"}. */
    @JsonValue
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
