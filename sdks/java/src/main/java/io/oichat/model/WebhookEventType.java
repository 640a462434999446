package io.oichat.model;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonValue;

/** The events a webhook endpoint can receive (docs/webhooks.md). */
public enum WebhookEventType {
    MESSAGE_CREATED("message.created"),
    ROOM_CREATED("room.created"),
    ROOM_UPDATED("room.updated"),
    ROOM_DELETED("room.deleted"),
    PARTICIPANT_ADDED("participant.added"),
    PARTICIPANT_REMOVED("participant.removed"),
    /** A deleted user's messages were erased ({@code users().delete} with {@code redactMessages}). */
    MESSAGES_REDACTED("messages.redacted"),
    /** A message's content or metadata was edited. */
    MESSAGE_UPDATED("message.updated"),
    /** A message was deleted (softly: it keeps its id and seq). */
    MESSAGE_DELETED("message.deleted"),
    REACTION_ADDED("reaction.added"),
    REACTION_REMOVED("reaction.removed"),
    MESSAGE_PINNED("message.pinned"),
    MESSAGE_UNPINNED("message.unpinned"),
    /** A value this version of the SDK does not know yet (sent by a newer server); never sent. */
    @JsonEnumDefaultValue
    UNKNOWN("unknown");

    private final String value;

    WebhookEventType(String value) {
        this.value = value;
    }

    /** The value on the wire, e.g. {@code "message.created"}. */
    @JsonValue
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
