package io.oichat.model;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonValue;

/** Where the delivery of one event to one endpoint stands. */
public enum WebhookDeliveryStatus {
    PENDING("pending"),
    DELIVERED("delivered"),
    FAILED("failed"),
    /** A value this version of the SDK does not know yet (sent by a newer server); never sent. */
    @JsonEnumDefaultValue
    UNKNOWN("unknown");

    private final String value;

    WebhookDeliveryStatus(String value) {
        this.value = value;
    }

    /** The value on the wire, e.g. {@code "pending"}. */
    @JsonValue
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
