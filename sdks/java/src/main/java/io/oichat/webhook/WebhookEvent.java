package io.oichat.webhook;

import io.oichat.internal.Immutable;
import io.oichat.model.Message;
import io.oichat.model.MessageChange;
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
 *
 * <p>The events about a change to a message are {@link MessageChanged}s, carrying the message as
 * the change left it and the room's {@code changeSeq}: a delivery can come again, so keep a
 * message's state from the delivery with the highest {@code changeSeq}.
 *
 * <pre>{@code
 * if (event instanceof WebhookEvent.MessageChanged changed) {
 *     store.keepNewest(changed.message(), changed.changeSeq());
 * }
 * }</pre>
 */
public sealed interface WebhookEvent permits WebhookEvent.MessageCreated, WebhookEvent.MessageChanged,
        WebhookEvent.RoomCreated, WebhookEvent.RoomUpdated, WebhookEvent.RoomDeleted, WebhookEvent.ParticipantAdded,
        WebhookEvent.ParticipantRemoved, WebhookEvent.MessagesRedacted, WebhookEvent.Other {

    /** The event id ({@code evt_…}), equal to the delivery's {@code webhook-id}. */
    String id();

    /** The event type on the wire, e.g. {@code "message.created"}. */
    String type();

    /** When the event happened. */
    Instant timestamp();

    String projectId();

    /**
     * A message was sent, by a backend or a user.
     *
     * @param root null unless the message is a thread reply: its thread's root as the reply left it (its new
     *     {@code replyCount()} and {@code lastReplyAt()}), with the room's {@code changeSeq} of that change
     */
    record MessageCreated(String id, Instant timestamp, String projectId, Message message, MessageChange root)
            implements WebhookEvent {
        @Override
        public String type() {
            return "message.created";
        }
    }

    /**
     * A change to a sent message: {@link MessageUpdated}, {@link MessageDeleted}, {@link ReactionAdded},
     * {@link ReactionRemoved}, {@link MessagePinned} or {@link MessageUnpinned}.
     */
    sealed interface MessageChanged extends WebhookEvent permits MessageUpdated, MessageDeleted, ReactionAdded,
            ReactionRemoved, MessagePinned, MessageUnpinned {
        /** The message as the change left it. */
        Message message();

        /**
         * The room's change number: 1, 2, 3, … over its edits, deletes, reactions, pins and reply
         * counts, in the order they happened.
         */
        long changeSeq();
    }

    /** A message's content or metadata was edited: {@code message} as it is after the edit, with {@code editedAt}. */
    record MessageUpdated(String id, Instant timestamp, String projectId, Message message, long changeSeq)
            implements MessageChanged {
        @Override
        public String type() {
            return "message.updated";
        }
    }

    /**
     * A message was deleted: {@code message} is emptied (content {@code ""}, no metadata, reactions,
     * mentions or pin) with {@code deletedAt}; delete your copies of what it said.
     */
    record MessageDeleted(String id, Instant timestamp, String projectId, Message message, long changeSeq)
            implements MessageChanged {
        @Override
        public String type() {
            return "message.deleted";
        }
    }

    /**
     * {@code userId} reacted with {@code reaction} to the message.
     *
     * @param reactions the counts per type after the change
     */
    record ReactionAdded(String id, Instant timestamp, String projectId, String roomId, String messageId,
            String userId, String reaction, Map<String, Integer> reactions, Message message, long changeSeq)
            implements MessageChanged {
        public ReactionAdded {
            reactions = reactions == null ? Map.of() : Immutable.map(reactions);
        }

        @Override
        public String type() {
            return "reaction.added";
        }
    }

    /**
     * {@code userId} took back their {@code reaction} to the message.
     *
     * @param reactions the counts per type after the change
     */
    record ReactionRemoved(String id, Instant timestamp, String projectId, String roomId, String messageId,
            String userId, String reaction, Map<String, Integer> reactions, Message message, long changeSeq)
            implements MessageChanged {
        public ReactionRemoved {
            reactions = reactions == null ? Map.of() : Immutable.map(reactions);
        }

        @Override
        public String type() {
            return "reaction.removed";
        }
    }

    /** @param pinnedBy a participant, or {@code "system"} (the backend) */
    record MessagePinned(String id, Instant timestamp, String projectId, Message message, long changeSeq,
            String pinnedBy) implements MessageChanged {
        @Override
        public String type() {
            return "message.pinned";
        }
    }

    /** @param unpinnedBy a participant, or {@code "system"} (the backend) */
    record MessageUnpinned(String id, Instant timestamp, String projectId, Message message, long changeSeq,
            String unpinnedBy) implements MessageChanged {
        @Override
        public String type() {
            return "message.unpinned";
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
