package io.oichat.contract;

import static io.oichat.TestClients.uid;
import static io.oichat.contract.Assertions.assertApiError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oichat.OiChat;
import io.oichat.OiChatApiException;
import io.oichat.OiChatErrorCodes;
import io.oichat.TestClients;
import io.oichat.model.CreateRoomParams;
import io.oichat.model.ListMessagesParams;
import io.oichat.model.ListRepliesParams;
import io.oichat.model.Message;
import io.oichat.model.MessageList;
import io.oichat.model.Room;
import io.oichat.model.RoomType;
import io.oichat.model.SendMessageParams;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Thread replies, mentions and pins against the real server. */
class MessageThreadsContractTest {
    final OiChat oichat = TestClients.real();
    final String alice = uid("alice");
    final String bob = uid("bob");
    final Room room = oichat.rooms().create(CreateRoomParams.builder().type(RoomType.GROUP).participants(alice, bob)
            .build());

    Message send(String sender, String content) {
        return oichat.messages().send(SendMessageParams.builder().roomId(room.roomId()).senderId(sender)
                .content(content).build());
    }

    Message reply(String parentId, String sender, String content) {
        return oichat.messages().send(SendMessageParams.builder().roomId(room.roomId()).senderId(sender)
                .content(content).parentId(parentId).build());
    }

    static List<String> ids(MessageList list) {
        return list.data().stream().map(Message::messageId).toList();
    }

    @Test
    void repliesFormOneThreadUnderTheirRoot() {
        Message root = send(alice, "When does my order ship?");
        assertEquals(0, root.replyCount());
        assertNull(root.parentId());
        Message other = send(bob, "unrelated");
        Message first = reply(root.messageId(), bob, "Tomorrow.");
        assertEquals(root.messageId(), first.parentId());
        // A reply to a reply joins the same root: threads are one level deep.
        Message second = reply(first.messageId(), alice, "Thanks!");
        assertEquals(root.messageId(), second.parentId());
        assertEquals(List.of(1L, 2L, 3L, 4L), oichat.messages().list(room.roomId()).data().stream()
                .map(Message::seq).toList(), "replies are messages of the room, with their seq");

        Message counted = oichat.messages().get(root.messageId());
        assertEquals(2, counted.replyCount());
        assertEquals(second.createdAt(), counted.lastReplyAt());
        assertEquals(List.of(first.messageId(), second.messageId()), ids(oichat.messages().replies(root.messageId())));
        MessageList page = oichat.messages().replies(root.messageId(), ListRepliesParams.builder().after(0).limit(1)
                .build());
        assertEquals(List.of(first.messageId()), ids(page));
        assertTrue(page.hasMore());
        assertEquals(List.of(second.messageId()), ids(oichat.messages().replies(root.messageId(),
                ListRepliesParams.builder().after(first.seq()).build())));
        assertEquals(List.of(), oichat.messages().replies(other.messageId()).data());

        MessageList timeline = oichat.messages().list(room.roomId(), ListMessagesParams.builder().thread(false).build());
        assertEquals(List.of(root.messageId(), other.messageId()), ids(timeline));
        assertEquals(2, timeline.data().get(0).replyCount());
    }

    @Test
    void refusesARootInAnotherRoomOrMissing() {
        Room elsewhere = oichat.rooms().create(CreateRoomParams.builder().type(RoomType.GROUP).participants(alice, bob)
                .build());
        Message there = oichat.messages().send(SendMessageParams.builder().roomId(elsewhere.roomId()).senderId(alice)
                .content("there").build());
        OiChatApiException e = assertApiError(400, "validation_failed", () -> reply(there.messageId(), bob, "x"));
        assertEquals("parent_id", e.details().get(0).field());
        assertApiError(400, "validation_failed", () -> reply("msg_missing", bob, "x"));
        assertApiError(404, OiChatErrorCodes.MESSAGE_NOT_FOUND, () -> oichat.messages().replies("msg_missing"));
        Message reply = oichat.messages().send(SendMessageParams.builder().roomId(elsewhere.roomId()).senderId(bob)
                .content("a reply").parentId(there.messageId()).build());
        // A reply has no thread of its own.
        assertApiError(404, OiChatErrorCodes.MESSAGE_NOT_FOUND, () -> oichat.messages().replies(reply.messageId()));
        assertApiError(400, "validation_failed", () -> oichat.messages().replies(there.messageId(),
                ListRepliesParams.builder().after(1).before(3).build()));
        assertEquals(0, oichat.messages().list(room.roomId()).data().size(), "nothing was sent");
    }

    @Test
    void mentionsNameParticipantsOnly() {
        Message m = oichat.messages().send(SendMessageParams.builder().roomId(room.roomId()).senderId(alice)
                .content("@bob can you look?").mentions(bob).build());
        assertEquals(List.of(bob), m.mentions());
        assertEquals(List.of(bob), oichat.messages().get(m.messageId()).mentions());
        assertEquals(List.of(), send(alice, "no one").mentions());

        String stranger = uid("stranger");
        OiChatApiException e = assertApiError(400, "validation_failed", () -> oichat.messages().send(
                SendMessageParams.builder().roomId(room.roomId()).senderId(alice).content("x")
                        .mentions(List.of(bob, stranger)).build()));
        assertEquals("mentions.1", e.details().get(0).field());
        assertTrue(e.details().get(0).message().contains(stranger), e.details().get(0).message());
        assertEquals(2, oichat.messages().list(room.roomId()).data().size(), "the refused message was not sent");
    }

    @Test
    void pinsListNewestPinFirst() {
        Message a = send(alice, "a");
        Message b = send(alice, "b");
        Message pinnedB = oichat.messages().pin(b.messageId());
        assertEquals("system", pinnedB.pinnedBy());
        assertNotNull(pinnedB.pinnedAt());
        assertEquals(pinnedB, oichat.messages().pin(b.messageId()), "pinning a pinned message changes nothing");
        oichat.messages().pin(a.messageId());
        MessageList pins = oichat.rooms().pins(room.roomId());
        assertEquals(List.of(a.messageId(), b.messageId()), ids(pins));
        assertFalse(pins.hasMore());

        Message unpinned = oichat.messages().unpin(a.messageId());
        assertNull(unpinned.pinnedAt());
        assertNull(unpinned.pinnedBy());
        assertEquals(unpinned, oichat.messages().unpin(a.messageId()), "unpinning twice changes nothing");
        assertEquals(List.of(b.messageId()), ids(oichat.async().rooms().pins(room.roomId()).join()));
        assertApiError(404, OiChatErrorCodes.ROOM_NOT_FOUND, () -> oichat.rooms().pins("room_missing"));
        assertApiError(404, OiChatErrorCodes.MESSAGE_NOT_FOUND, () -> oichat.messages().pin("msg_missing"));
    }
}
