package io.oichat.model;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a message's {@code content} holds. */
public enum MessageContentType {
    TEXT("text"),
    IMAGE("image"),
    FILE("file"),
    SYSTEM("system"),
    CUSTOM("custom"),
    /** A value this version of the SDK does not know yet (sent by a newer server); never sent. */
    @JsonEnumDefaultValue
    UNKNOWN("unknown");

    private final String value;

    MessageContentType(String value) {
        this.value = value;
    }

    /** The value on the wire, e.g. {@code "text"}. */
    @JsonValue
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
