package io.oichat.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oichat.internal.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The message features' parameters: what goes on the wire, and what is refused before anything is sent. */
class MessageParamsTest {
    @Test
    void sendWritesParentIdAndMentionsOnlyWhenSet() {
        SendMessageParams plain = SendMessageParams.builder().roomId("room_1").senderId("u").content("hi").build();
        assertEquals("{\"room_id\":\"room_1\",\"sender_id\":\"u\",\"content\":\"hi\"}", Json.writeString(plain));
        SendMessageParams reply = SendMessageParams.builder().roomId("room_1").senderId("u").content("hi")
                .parentId("msg_1").mentions("a", "b").build();
        assertEquals("{\"room_id\":\"room_1\",\"sender_id\":\"u\",\"content\":\"hi\",\"parent_id\":\"msg_1\","
                + "\"mentions\":[\"a\",\"b\"]}", Json.writeString(reply));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SendMessageParams.builder()
                .roomId("room_1").senderId("u").content("hi").mentions("a", null).build());
        assertTrue(e.getMessage().contains("mentions"), e.getMessage());
    }

    @Test
    void anUpdateSendsOnlyWhatWasSetAndCannotClearContent() {
        assertEquals("{\"metadata\":{\"v\":2}}", Json.writeString(UpdateMessageParams.builder()
                .metadata(Map.of("v", 2)).build()));
        assertThrows(IllegalArgumentException.class, () -> UpdateMessageParams.builder().content(null));
        assertThrows(IllegalArgumentException.class, () -> UpdateMessageParams.builder().metadata(null));
    }

    @Test
    void metadataMayBeATypedMap() {
        Map<String, String> order = Map.of("order_id", "1234");
        assertEquals("{\"room_id\":\"r\",\"sender_id\":\"u\",\"content\":\"hi\",\"metadata\":{\"order_id\":\"1234\"}}",
                Json.writeString(SendMessageParams.builder().roomId("r").senderId("u").content("hi").metadata(order)
                        .build()));
        assertEquals("{\"metadata\":{\"order_id\":\"1234\"}}", Json.writeString(UpdateMessageParams.builder()
                .metadata(order).build()));
        assertEquals(Map.of("order_id", "1234"), CreateRoomParams.builder().type(RoomType.GROUP).participants("a", "b")
                .metadata(order).build().metadata());
        assertEquals(Map.of("order_id", "1234"), UserInfo.builder().custom(order).build().custom());
    }

    @Test
    void aReactionIsItsUserAndType() {
        assertEquals("{\"user_id\":\"u-1\",\"type\":\"👍\"}", Json.writeString(ReactionParams.of("u-1", "👍")));
    }

    @Test
    void aSearchsNextPageKeepsItsQueryAndFilters() {
        SearchMessagesParams first = SearchMessagesParams.builder().query("refund").roomId("room_1").senderId("u")
                .limit(5).build();
        SearchMessagesParams next = first.toBuilder().cursor("c1").build();
        assertEquals("refund", next.query());
        assertEquals("room_1", next.roomId());
        assertEquals("u", next.senderId());
        assertEquals(5, next.limit());
        assertEquals("c1", next.cursor());
        assertThrows(IllegalArgumentException.class, () -> SearchMessagesParams.builder().build());
    }
}
