package io.oichat.webhook;

import io.oichat.internal.Immutable;
import io.oichat.model.Message;
import io.oichat.model.Room;
import io.oichat.model.RoomSummary;
import java.time.Instant;
import java.util.Map;

/**
 * A verified webhook delivery (docs/webhooks.md, "Events"): one record per event type, so code
 * reads its data typed after an {@code instanceof}. {@link #id()} is the same on every redelivery
 * of an event: deduplicate by it. An event type this SDK version does not know yet arrives as
 * {@link Other}, with its data as plain maps.
 *
 * <pre>{@code
 * if (event instanceof WebhookEvent.MessageCreated created) {
 *     Message message = created.message();
 * }
 * }</pre>
 */
public sealed interface WebhookEvent permits WebhookEvent.MessageCreated, WebhookEvent.RoomCreated,
        WebhookEvent.RoomUpdated, WebhookEvent.RoomDeleted, WebhookEvent.ParticipantAdded,
        WebhookEvent.ParticipantRemoved, WebhookEvent.MessagesRedacted, WebhookEvent.Other {

    /** The event id ({@code evt_…}), equal to the delivery's {@code webhook-id}. */
    String id();

    /** The event type on the wire, e.g. {@code "message.created"}. */
    String type();

    /** When the event happened. */
    Instant timestamp();

    String projectId();

    /** A message was sent, by a backend or a user. */
    record MessageCreated(String id, Instant timestamp, String projectId, Message message) implements WebhookEvent {
        @Override
        public String type() {
            return "message.created";
        }
    }

    record RoomCreated(String id, Instant timestamp, String projectId, Room room) implements WebhookEvent {
        @Override
        public String type() {
            return "room.created";
        }
    }

    /**
     * The room as it is after the update, without its participant list (fetch the room for its
     * members).
     */
    record RoomUpdated(String id, Instant timestamp, String projectId, RoomSummary room) implements WebhookEvent {
        @Override
        public String type() {
            return "room.updated";
        }
    }

    /** The room as it was when deleted (also when its last participant left). */
    record RoomDeleted(String id, Instant timestamp, String projectId, Room room) implements WebhookEvent {
        @Override
        public String type() {
            return "room.deleted";
        }
    }

    /** {@code room} is the room after the change, without its participant list. */
    record ParticipantAdded(String id, Instant timestamp, String projectId, String roomId, String userId,
            RoomSummary room) implements WebhookEvent {
        @Override
        public String type() {
            return "participant.added";
        }
    }

    /**
     * By removal, by leaving, or by the user's deletion; {@code room} is the room after the change,
     * without its participant list.
     */
    record ParticipantRemoved(String id, Instant timestamp, String projectId, String roomId, String userId,
            RoomSummary room) implements WebhookEvent {
        @Override
        public String type() {
            return "participant.removed";
        }
    }

    /**
     * Every message of {@code senderId} in the room with a {@code seq} up to {@code upToSeq} had its
     * content and metadata erased (the sender was deleted with {@code redactMessages}): erase your
     * copies.
     *
     * @param redactedCount how many of them this redaction erased
     */
    record MessagesRedacted(String id, Instant timestamp, String projectId, String roomId, String senderId,
            long upToSeq, long redactedCount, Instant redactedAt) implements WebhookEvent {
        @Override
        public String type() {
            return "messages.redacted";
        }
    }

    /** An event type this version of the SDK does not know; {@code data} as the JSON reads. */
    record Other(String id, String type, Instant timestamp, String projectId, Map<String, Object> data)
            implements WebhookEvent {
        public Other {
            data = Immutable.json(data);
        }
    }
}
