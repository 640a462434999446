package io.oichat.examples;

import io.oichat.OiChat;
import io.oichat.model.CursorPage;
import io.oichat.model.ListMessagesParams;
import io.oichat.model.Message;
import io.oichat.model.MessageList;
import io.oichat.model.ReactionParams;
import io.oichat.model.Room;
import io.oichat.model.SearchMessagesParams;
import io.oichat.model.SendMessageParams;
import io.oichat.model.UpdateMessageParams;
import java.util.Map;

/** The README's message features example (edit, delete, reactions, threads, mentions, pins, search), run by the tests. */
public final class MessageFeatures {
    private MessageFeatures() {}

    /** What the calls returned, for the test to check. */
    public record Results(Message edited, Message reacted, MessageList replies, MessageList timeline,
            MessageList pins, CursorPage<Message> found, Message deleted) {}

    /** {@code room} has the participants "user-123" and "agent-1". */
    public static Results messageFeatures(OiChat oichat, Room room) {
        // readme:message-features
        Message question = oichat.messages().send(SendMessageParams.builder()
                .roomId(room.roomId())
                .senderId("user-123")
                .content("Where is my order #1234?")
                .mentions("agent-1") // participants only; anyone else is a 400 naming the id
                .build());

        // Edit (any sender's message; it gets editedAt) and read one message
        Message edited = oichat.messages().update(question.messageId(), UpdateMessageParams.builder()
                .content("Where is my order #1234? It was due yesterday.")
                .metadata(Map.of("order_id", "1234")) // replaces the old metadata whole
                .build());
        Message current = oichat.messages().get(question.messageId());

        // Reactions: one of each type per user, counted per type
        Message reacted = oichat.messages().addReaction(question.messageId(), ReactionParams.of("agent-1", "👀"));
        // reacted.reactions() is {"👀": 1}; removeReaction takes the same ReactionParams

        // Thread replies: parentId names the root; the root counts them (replyCount(), lastReplyAt())
        Message reply = oichat.messages().send(SendMessageParams.builder()
                .roomId(room.roomId())
                .senderId("agent-1")
                .content("It ships today.")
                .parentId(question.messageId())
                .build());
        MessageList replies = oichat.messages().replies(question.messageId()); // paged like list
        MessageList timeline = oichat.messages().list(room.roomId(),
                ListMessagesParams.builder().thread(false).build()); // replies left out

        // Pins, newest pin first
        oichat.messages().pin(reply.messageId()); // pinnedBy() is "system"
        MessageList pins = oichat.rooms().pins(room.roomId());

        // Search: every word as a substring (Korean too), newest first, cursor-paged
        CursorPage<Message> found = oichat.messages().search(SearchMessagesParams.builder()
                .query("order due")
                .roomId(room.roomId()) // Optional; also senderId(…)
                .limit(20)             // Optional (1-100, default: 20)
                .build());

        // Delete, softly: id and seq stay; content, metadata, reactions and pin go
        Message deleted = oichat.messages().delete(reply.messageId());
        // readme:end
        System.out.println("read " + current.messageId());
        return new Results(edited, reacted, replies, timeline, pins, found, deleted);
    }
}
