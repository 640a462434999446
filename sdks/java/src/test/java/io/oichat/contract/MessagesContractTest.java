package io.oichat.contract;

import static io.oichat.TestClients.uid;
import static io.oichat.contract.Assertions.assertApiError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oichat.OiChat;
import io.oichat.RequestOptions;
import io.oichat.TestClients;
import io.oichat.model.CreateRoomParams;
import io.oichat.model.ListMessagesParams;
import io.oichat.model.Message;
import io.oichat.model.MessageContentType;
import io.oichat.model.MessageList;
import io.oichat.model.Room;
import io.oichat.model.RoomType;
import io.oichat.model.SendMessageParams;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** messages(): sending and reading history against the real server, synchronously and asynchronously. */
class MessagesContractTest {
    final OiChat oichat = TestClients.real();

    Room room(String... participants) {
        return oichat.rooms().create(CreateRoomParams.builder().type(RoomType.GROUP).participants(participants)
                .build());
    }

    Message send(String roomId, String sender, String content) {
        return oichat.messages().send(SendMessageParams.builder().roomId(roomId).senderId(sender).content(content)
                .build());
    }

    @Test
    void sendsASystemMessageWithItsFields() {
        Room room = room(uid("user"), uid("agent"));
        Message message = oichat.messages().send(SendMessageParams.builder()
                .roomId(room.roomId())
                .senderId("system")
                .content("주문이 확인되었습니다 🎉")
                .contentType(MessageContentType.SYSTEM)
                .metadata(Map.of("order_id", "1234", "items", List.of(1, 2)))
                .build());
        assertTrue(message.messageId().startsWith("msg_"));
        assertEquals(1, message.seq());
        assertEquals("system", message.senderId());
        assertEquals("주문이 확인되었습니다 🎉", message.content());
        assertEquals(MessageContentType.SYSTEM, message.contentType());
        assertEquals(Map.of("order_id", "1234", "items", List.of(1, 2)), message.metadata());
        assertEquals(List.of(message), oichat.messages().list(room.roomId()).data());
        Room after = oichat.rooms().get(room.roomId());
        assertEquals(1, after.lastSeq());
        assertEquals(message.createdAt(), after.lastMessageAt());
    }

    @Test
    void refusesASenderOutsideTheRoomAndAMissingRoom() {
        Room room = room(uid("user"), uid("user"));
        assertApiError(422, "sender_not_participant", () -> send(room.roomId(), uid("stranger"), "hi"));
        assertApiError(404, "room_not_found", () -> send("room_missing", "system", "hi"));
    }

    @Test
    void readsHistoryForwardBackwardAndNewest() {
        String user = uid("user");
        Room room = room(user, uid("agent"));
        for (int i = 1; i <= 5; i++) send(room.roomId(), user, "message " + i);

        MessageList forward = oichat.messages().list(room.roomId(), ListMessagesParams.builder().after(0).limit(2)
                .build());
        assertEquals(List.of(1L, 2L), seqs(forward));
        assertTrue(forward.hasMore());
        MessageList backward = oichat.messages().list(room.roomId(), ListMessagesParams.builder().before(5).limit(2)
                .build());
        assertEquals(List.of(3L, 4L), seqs(backward));
        assertTrue(backward.hasMore());
        MessageList newest = oichat.messages().list(room.roomId(), ListMessagesParams.builder().limit(3).build());
        assertEquals(List.of(3L, 4L, 5L), seqs(newest));
        assertFalse(oichat.messages().list(room.roomId(), ListMessagesParams.builder().after(3).build()).hasMore());
        assertApiError(400, "validation_failed", () -> oichat.messages().list(room.roomId(),
                ListMessagesParams.builder().after(1).before(4).build()));
    }

    @Test
    void concurrentAsyncSendsGetGaplessSeqs() {
        String user = uid("user");
        Room room = room(user, uid("agent"));
        List<CompletableFuture<Message>> sends = IntStream.rangeClosed(1, 20).mapToObj(i -> oichat.async().messages()
                .send(SendMessageParams.builder().roomId(room.roomId()).senderId(user).content("m" + i).build()))
                .toList();
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
        List<Long> seqs = sends.stream().map(f -> f.join().seq()).sorted().toList();
        assertEquals(LongStream.rangeClosed(1, 20).boxed().toList(), seqs);
        assertEquals(seqs, seqs(oichat.async().messages().list(room.roomId(),
                ListMessagesParams.builder().after(0).limit(100).build()).join()));
    }

    @Test
    void aStoredRefusalIsFinalForItsKey() {
        String user = uid("user");
        String late = uid("late");
        Room room = room(user, uid("agent"));
        SendMessageParams params = SendMessageParams.builder().roomId(room.roomId()).senderId(late).content("hi")
                .build();
        RequestOptions key = RequestOptions.idempotencyKey(uid("msg"));
        assertApiError(422, "sender_not_participant", () -> oichat.messages().send(params, key));
        oichat.rooms().addParticipant(room.roomId(), late);
        assertApiError(422, "sender_not_participant", () -> oichat.messages().send(params, key));
        assertEquals(1, oichat.messages().send(params, RequestOptions.idempotencyKey(uid("msg"))).seq());
    }

    static List<Long> seqs(MessageList list) {
        return list.data().stream().map(Message::seq).toList();
    }
}
