package io.oichat.contract;

import static io.oichat.TestClients.uid;
import static io.oichat.contract.Assertions.assertApiError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oichat.OiChat;
import io.oichat.OiChatApiException;
import io.oichat.OiChatErrorCodes;
import io.oichat.TestClients;
import io.oichat.model.CreateRoomParams;
import io.oichat.model.Message;
import io.oichat.model.ReactionParams;
import io.oichat.model.Room;
import io.oichat.model.RoomType;
import io.oichat.model.SendMessageParams;
import io.oichat.model.UpdateMessageParams;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * messages(): get, edit, delete and reactions against the real server, and the refusals a backend
 * meets: a message that is not there (or is another project's), a deleted one, a user outside the
 * room, a reaction type that breaks a rule.
 */
class MessageChangesContractTest {
    final OiChat oichat = TestClients.real();
    final String alice = uid("alice");
    final String bob = uid("bob");
    final Room room = oichat.rooms().create(CreateRoomParams.builder().type(RoomType.GROUP).participants(alice, bob)
            .build());

    Message send(String sender, String content) {
        return oichat.messages().send(SendMessageParams.builder().roomId(room.roomId()).senderId(sender)
                .content(content).metadata(Map.of("v", 1)).build());
    }

    @Test
    void editsAMessageInPlaceAndGetReadsItAsItIsNow() {
        Message sent = send(alice, "helo");
        assertNull(sent.editedAt());
        assertNull(sent.deletedAt());

        Message edited = oichat.messages().update(sent.messageId(), UpdateMessageParams.builder().content("hello")
                .metadata(Map.of("v", 2)).build());
        assertEquals(sent.messageId(), edited.messageId());
        assertEquals(sent.seq(), edited.seq());
        assertEquals("hello", edited.content());
        assertEquals(Map.of("v", 2), edited.metadata());
        assertNotNull(edited.editedAt());
        assertFalse(edited.editedAt().isBefore(sent.createdAt()));
        assertEquals(edited, oichat.messages().get(sent.messageId()));
        assertEquals(List.of(edited), oichat.messages().list(room.roomId()).data());

        // A field not set is left as it is.
        Message metadataOnly = oichat.messages().update(sent.messageId(), UpdateMessageParams.builder()
                .metadata(Map.of("v", 3)).build());
        assertEquals("hello", metadataOnly.content());
        assertEquals(Map.of("v", 3), metadataOnly.metadata());
    }

    @Test
    void refusesEditsThatBreakTheRulesOfSending() {
        Message sent = send(alice, "hi");
        OiChatApiException nothing = assertApiError(400, "validation_failed",
                () -> oichat.messages().update(sent.messageId(), UpdateMessageParams.builder().build()));
        assertFalse(nothing.details().isEmpty());
        OiChatApiException tooLong = assertApiError(400, "validation_failed",
                () -> oichat.messages().update(sent.messageId(), UpdateMessageParams.builder()
                        .content("x".repeat(10_001)).build()));
        assertEquals("content", tooLong.details().get(0).field());
        assertApiError(404, OiChatErrorCodes.MESSAGE_NOT_FOUND,
                () -> oichat.messages().update("msg_missing", UpdateMessageParams.builder().content("x").build()));
        assertApiError(404, OiChatErrorCodes.MESSAGE_NOT_FOUND, () -> oichat.messages().get("msg_missing"));
        assertThrows(IllegalArgumentException.class, () -> oichat.messages().get(""));
        assertEquals("hi", oichat.messages().get(sent.messageId()).content(), "nothing was half-written");
    }

    @Test
    void deletesSoftlyKeepingIdAndSeqOnce() {
        Message first = send(alice, "my card number is 4111 …");
        Message second = send(bob, "ok");
        oichat.messages().addReaction(first.messageId(), ReactionParams.of(bob, "👀"));
        oichat.messages().pin(first.messageId());

        Message deleted = oichat.messages().delete(first.messageId());
        assertEquals(first.messageId(), deleted.messageId());
        assertEquals(first.seq(), deleted.seq());
        assertEquals("", deleted.content());
        assertEquals(Map.of(), deleted.metadata());
        assertEquals(Map.of(), deleted.reactions());
        assertNull(deleted.pinnedAt());
        assertNotNull(deleted.deletedAt());
        // The room's sequence stays gapless, and the former content is nowhere.
        assertEquals(List.of(deleted, second), oichat.messages().list(room.roomId()).data());
        assertEquals(List.of(), oichat.rooms().pins(room.roomId()).data());
        assertEquals(deleted, oichat.messages().get(first.messageId()));
        assertEquals(deleted, oichat.messages().delete(first.messageId()), "deleting again changes nothing");

        assertApiError(409, OiChatErrorCodes.MESSAGE_DELETED, () -> oichat.messages().update(first.messageId(),
                UpdateMessageParams.builder().content("x").build()));
        assertApiError(409, OiChatErrorCodes.MESSAGE_DELETED,
                () -> oichat.messages().addReaction(first.messageId(), ReactionParams.of(alice, "👍")));
        assertApiError(409, OiChatErrorCodes.MESSAGE_DELETED, () -> oichat.messages().pin(first.messageId()));
        assertApiError(404, OiChatErrorCodes.MESSAGE_NOT_FOUND, () -> oichat.messages().delete("msg_missing"));
    }

    @Test
    void countsReactionsPerTypeOneOfEachPerUser() {
        Message m = send(bob, "lunch?");
        oichat.messages().addReaction(m.messageId(), ReactionParams.of(alice, "👍"));
        Message both = oichat.messages().addReaction(m.messageId(), ReactionParams.of(bob, "👍"));
        assertEquals(Map.of("👍", 2), both.reactions());
        // Adding one a user has changes nothing; a name with reserved URL characters works both ways.
        assertEquals(both, oichat.messages().addReaction(m.messageId(), ReactionParams.of(bob, "👍")));
        Message named = oichat.messages().addReaction(m.messageId(), ReactionParams.of(alice, ":+1: & 50%/ok?"));
        assertEquals(Map.of("👍", 2, ":+1: & 50%/ok?", 1), named.reactions());
        assertEquals(Map.of("👍", 2), oichat.messages().removeReaction(m.messageId(),
                ReactionParams.of(alice, ":+1: & 50%/ok?")).reactions());

        Message one = oichat.messages().removeReaction(m.messageId(), ReactionParams.of(alice, "👍"));
        assertEquals(Map.of("👍", 1), one.reactions());
        assertEquals(one.reactions(), oichat.messages().removeReaction(m.messageId(),
                ReactionParams.of(alice, "👍")).reactions(), "removing one a user does not have changes nothing");
        assertEquals(Map.of(), oichat.messages().removeReaction(m.messageId(), ReactionParams.of(bob, "👍"))
                .reactions());
        assertEquals(Map.of(), oichat.messages().get(m.messageId()).reactions());
        assertThrows(UnsupportedOperationException.class, () -> one.reactions().put("x", 1));
    }

    @Test
    void refusesReactionsOfOutsidersAndTypesThatBreakTheRules() {
        Message m = send(bob, "lunch?");
        String stranger = uid("stranger");
        assertApiError(422, OiChatErrorCodes.PARTICIPANT_NOT_FOUND,
                () -> oichat.messages().addReaction(m.messageId(), ReactionParams.of(stranger, "👍")));
        assertApiError(422, OiChatErrorCodes.PARTICIPANT_NOT_FOUND,
                () -> oichat.messages().removeReaction(m.messageId(), ReactionParams.of(stranger, "👍")));
        for (String type : List.of("a\nb", "x".repeat(65), " padded ")) {
            OiChatApiException e = assertApiError(400, "validation_failed",
                    () -> oichat.messages().addReaction(m.messageId(), ReactionParams.of(alice, type)));
            assertEquals("type", e.details().get(0).field(), type);
        }
        assertThrows(IllegalArgumentException.class, () -> ReactionParams.of(alice, ""));
        assertThrows(IllegalArgumentException.class, () -> ReactionParams.of(null, "👍"));
        assertApiError(404, OiChatErrorCodes.MESSAGE_NOT_FOUND,
                () -> oichat.messages().addReaction("msg_missing", ReactionParams.of(alice, "👍")));
        assertEquals(Map.of(), oichat.messages().get(m.messageId()).reactions());
    }

    @Test
    void everyoneReactingAndEditingAtOnceIsCountedAndKept() {
        List<String> users = IntStream.range(0, 12).mapToObj(i -> uid("fan")).toList();
        users.forEach(u -> oichat.rooms().addParticipant(room.roomId(), u));
        Message m = send(alice, "v1");
        List<CompletableFuture<Message>> calls = new java.util.ArrayList<>();
        for (String u : users) {
            calls.add(oichat.async().messages().addReaction(m.messageId(), ReactionParams.of(u, "🎉")));
            calls.add(oichat.async().messages().update(m.messageId(), UpdateMessageParams.builder()
                    .content("by " + u).build()));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
        Message now = oichat.messages().get(m.messageId());
        assertEquals(Map.of("🎉", users.size()), now.reactions());
        assertTrue(users.stream().anyMatch(u -> now.content().equals("by " + u)), now.content());
    }

    @Test
    void anotherProjectsMessagesDoNotExistForIt() {
        Message m = send(alice, "ours");
        oichat.messages().pin(m.messageId());
        OiChat other = TestClients.real(TestClients.newProject("java-tenancy"));
        String id = m.messageId();
        assertApiError(404, OiChatErrorCodes.MESSAGE_NOT_FOUND, () -> other.messages().get(id));
        assertApiError(404, OiChatErrorCodes.MESSAGE_NOT_FOUND,
                () -> other.messages().update(id, UpdateMessageParams.builder().content("theirs").build()));
        assertApiError(404, OiChatErrorCodes.MESSAGE_NOT_FOUND, () -> other.messages().delete(id));
        assertApiError(404, OiChatErrorCodes.MESSAGE_NOT_FOUND,
                () -> other.messages().addReaction(id, ReactionParams.of(alice, "👍")));
        assertApiError(404, OiChatErrorCodes.MESSAGE_NOT_FOUND,
                () -> other.messages().removeReaction(id, ReactionParams.of(alice, "👍")));
        assertApiError(404, OiChatErrorCodes.MESSAGE_NOT_FOUND, () -> other.messages().replies(id));
        assertApiError(404, OiChatErrorCodes.MESSAGE_NOT_FOUND, () -> other.messages().pin(id));
        assertApiError(404, OiChatErrorCodes.MESSAGE_NOT_FOUND, () -> other.messages().unpin(id));
        assertApiError(404, OiChatErrorCodes.ROOM_NOT_FOUND, () -> other.rooms().pins(room.roomId()));
        Message unchanged = oichat.messages().get(id);
        assertEquals("ours", unchanged.content());
        assertNull(unchanged.editedAt());
        assertNotNull(unchanged.pinnedAt());
    }
}
