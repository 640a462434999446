package io.oichat.webhook;

import io.oichat.model.Message;
import io.oichat.model.Room;
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
        WebhookEvent.ParticipantRemoved, WebhookEvent.Other {

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

    /** The room as it is after the update. */
    record RoomUpdated(String id, Instant timestamp, String projectId, Room room) implements WebhookEvent {
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

    record ParticipantAdded(String id, Instant timestamp, String projectId, String roomId, String userId, Room room)
            implements WebhookEvent {
        @Override
        public String type() {
            return "participant.added";
        }
    }

    /** By removal or by leaving. */
    record ParticipantRemoved(String id, Instant timestamp, String projectId, String roomId, String userId, Room room)
            implements WebhookEvent {
        @Override
        public String type() {
            return "participant.removed";
        }
    }

    /** An event type this version of the SDK does not know; {@code data} as the JSON reads. */
    record Other(String id, String type, Instant timestamp, String projectId, Map<String, Object> data)
            implements WebhookEvent {}
}
