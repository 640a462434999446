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
import io.oichat.RequestOptions;
import io.oichat.TestClients;
import io.oichat.model.CreateRoomParams;
import io.oichat.model.CursorPage;
import io.oichat.model.LeaveRoomResponse;
import io.oichat.model.ListRoomsParams;
import io.oichat.model.Room;
import io.oichat.model.RoomStatus;
import io.oichat.model.RoomType;
import io.oichat.model.UpdateRoomParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** rooms(): every call against the real server. */
class RoomsContractTest {
    final OiChat oichat = TestClients.real();

    Room group(String... participants) {
        return oichat.rooms().create(CreateRoomParams.builder().type(RoomType.GROUP).participants(participants)
                .build());
    }

    @Test
    void createsAGroupRoomWithItsFields() {
        String a = uid("user");
        String b = uid("agent");
        Room room = oichat.rooms().create(CreateRoomParams.builder()
                .type(RoomType.GROUP)
                .name("Order #1234 Support")
                .participants(a, b)
                .metadata(Map.of("order_id", "1234", "total", 42.5, "tags", List.of("vip")))
                .build());
        assertTrue(room.roomId().startsWith("room_"), room.roomId());
        assertEquals(RoomType.GROUP, room.type());
        assertEquals("Order #1234 Support", room.name());
        assertEquals(RoomStatus.OPEN, room.status());
        assertEquals(List.of(a, b), room.participants());
        assertEquals(2, room.participantCount());
        assertEquals(0, room.lastSeq());
        assertEquals(Map.of("order_id", "1234", "total", 42.5, "tags", List.of("vip")), room.metadata());
        assertNotNull(room.createdAt());
        assertNull(room.lastMessageAt());
        assertEquals(room, oichat.rooms().get(room.roomId()));
    }

    @Test
    void resultsAreReadOnlyAllTheWayDown() {
        Room room = oichat.rooms().create(CreateRoomParams.builder().type(RoomType.GROUP).participants(uid("u"),
                uid("u")).metadata(Map.of("tags", List.of("vip"), "order", Map.of("id", 1))).build());
        assertThrows(UnsupportedOperationException.class, () -> room.participants().add("intruder"));
        assertThrows(UnsupportedOperationException.class, () -> room.metadata().put("k", "v"));
        @SuppressWarnings("unchecked")
        List<Object> tags = (List<Object>) room.metadata().get("tags");
        assertThrows(UnsupportedOperationException.class, () -> tags.add("changed"));
        @SuppressWarnings("unchecked")
        Map<String, Object> order = (Map<String, Object>) room.metadata().get("order");
        assertThrows(UnsupportedOperationException.class, () -> order.put("id", 2));
        CursorPage<Room> page = oichat.rooms().list(ListRoomsParams.forUser(room.participants().get(0)));
        assertThrows(UnsupportedOperationException.class, () -> page.data().clear());
        assertEquals(room, page.data().get(0));
    }

    @Test
    void aRuleBrokenIsNamedWithItsFieldAndNothingIsCreated() {
        String lonely = uid("user");
        OiChatApiException e = assertApiError(400, "validation_failed", () -> oichat.rooms().create(CreateRoomParams
                .builder().type(RoomType.GROUP).participants(lonely).build()));
        assertEquals("participants", e.details().get(0).field());
        assertEquals("minItems", e.details().get(0).rule());
        assertTrue(oichat.rooms().list(ListRoomsParams.forUser(lonely)).data().isEmpty());
        OiChatApiException limit = assertApiError(400, "validation_failed", () -> oichat.rooms().list(
                ListRoomsParams.builder().limit(101).build()));
        assertEquals("limit", limit.details().get(0).field());
    }

    @Test
    void aFullRoomRefusesOneMore() {
        String tag = uid("crowd");
        List<String> crowd = java.util.stream.IntStream.range(0, 500).mapToObj(i -> tag + "-" + i).toList();
        Room full = group(crowd.toArray(String[]::new));
        assertEquals(500, full.participantCount());
        assertApiError(409, "room_full", () -> oichat.rooms().addParticipant(full.roomId(), uid("one-more")));
        assertEquals(500, oichat.rooms().get(full.roomId()).participantCount());
    }

    @Test
    void aDirectPairHasOneRoom() {
        String a = uid("user");
        String b = uid("user");
        Room first = oichat.rooms().create(CreateRoomParams.builder().type(RoomType.DIRECT).participants(a, b).build());
        Room again = oichat.rooms().create(CreateRoomParams.builder().type(RoomType.DIRECT).participants(b, a).build());
        assertEquals(first.roomId(), again.roomId());
        assertApiError(409, "direct_room_participants_fixed", () -> oichat.rooms().addParticipant(first.roomId(),
                uid("user")));
    }

    @Test
    void listsAUsersRoomsPageByPageAndAllAtOnce() {
        String user = uid("user");
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) created.add(group(user, uid("other")).roomId());

        CursorPage<Room> first = oichat.rooms().list(ListRoomsParams.builder().userId(user).limit(2).build());
        assertEquals(2, first.data().size());
        assertTrue(first.hasMore());
        assertNotNull(first.nextCursor());
        // Most recent activity first.
        assertEquals(created.get(4), first.data().get(0).roomId());
        CursorPage<Room> second = oichat.rooms().list(ListRoomsParams.builder().userId(user).limit(2)
                .cursor(first.nextCursor()).build());
        assertEquals(created.get(2), second.data().get(0).roomId());

        List<String> all = new ArrayList<>();
        oichat.rooms().listAll(ListRoomsParams.builder().userId(user).limit(2).build())
                .forEach(r -> all.add(r.roomId()));
        List<String> newestFirst = new ArrayList<>(created);
        java.util.Collections.reverse(newestFirst);
        assertEquals(newestFirst, all);

        CursorPage<Room> last = oichat.rooms().list(ListRoomsParams.builder().userId(user).limit(5).build());
        assertFalse(last.hasMore());
        assertNull(last.nextCursor());
        assertApiError(400, "invalid_cursor", () -> oichat.rooms().list(ListRoomsParams.builder().userId(user)
                .cursor("not-a-cursor").build()));
    }

    @Test
    void listsTheProjectsRoomsNarrowedByTypeStatusAndMetadata() {
        String queue = uid("queue");
        String agent = uid("agent");
        Room billing = oichat.rooms().create(CreateRoomParams.builder().type(RoomType.GROUP).participants(uid("c"),
                agent).metadata(Map.of("queue", queue, "order_id", 1234, "vip", true)).build());
        Room resolved = oichat.rooms().create(CreateRoomParams.builder().type(RoomType.GROUP).participants(uid("c"),
                uid("a")).metadata(Map.of("queue", queue, "order_id", "1234", "vip", false)).build());
        oichat.rooms().update(resolved.roomId(), UpdateRoomParams.builder().status(RoomStatus.RESOLVED).build());
        Room direct = oichat.rooms().create(CreateRoomParams.builder().type(RoomType.DIRECT).participants(uid("c"),
                agent).metadata(Map.of("queue", queue)).build());

        // Without userId: every room of the project, newest activity first, filters all holding.
        assertEquals(List.of(direct.roomId(), resolved.roomId(), billing.roomId()), ids(oichat.rooms().list(
                ListRoomsParams.builder().metadata("queue", queue).build())));
        assertEquals(List.of(direct.roomId(), billing.roomId()), ids(oichat.rooms().list(ListRoomsParams.builder()
                .metadata("queue", queue).status(RoomStatus.OPEN).build())));
        assertEquals(List.of(resolved.roomId(), billing.roomId()), ids(oichat.rooms().list(ListRoomsParams.builder()
                .metadata("queue", queue).type(RoomType.GROUP).build())));
        // A number or boolean matches as JSON writes it: 1234 matches 1234 and "1234".
        assertEquals(List.of(resolved.roomId(), billing.roomId()), ids(oichat.rooms().list(ListRoomsParams.builder()
                .metadata("queue", queue).metadata("order_id", 1234).build())));
        assertEquals(List.of(billing.roomId()), ids(oichat.rooms().list(ListRoomsParams.builder()
                .metadata(Map.of("queue", queue, "vip", true, "order_id", 1234.0)).build())));
        // Any characters in a filter travel in the query as signed: '&', '=', '#', '%', non-ASCII.
        String odd = queue + " & more=yes #1 100% 배송 🚚";
        Room oddRoom = oichat.rooms().create(CreateRoomParams.builder().type(RoomType.GROUP).participants(uid("c"),
                uid("a")).metadata(Map.of("queue", odd)).build());
        assertEquals(List.of(oddRoom.roomId()), ids(oichat.rooms().list(ListRoomsParams.builder()
                .metadata("queue", odd).build())));
        // With userId the filters narrow that user's rooms.
        assertEquals(List.of(billing.roomId()), ids(oichat.rooms().list(ListRoomsParams.builder().userId(agent)
                .type(RoomType.GROUP).build())));
        assertEquals(List.of(direct.roomId(), billing.roomId()), ids(oichat.rooms().list(ListRoomsParams
                .forUser(agent))));

        // Page by page, the cursor keeps the filters; a cursor of another list is refused.
        ListRoomsParams byQueue = ListRoomsParams.builder().metadata("queue", queue).limit(1).build();
        List<String> paged = new ArrayList<>();
        oichat.rooms().listAll(byQueue).forEach(r -> paged.add(r.roomId()));
        assertEquals(List.of(direct.roomId(), resolved.roomId(), billing.roomId()), paged);
        CursorPage<Room> first = oichat.async().rooms().list(byQueue).join();
        assertTrue(first.hasMore());
        assertApiError(400, "invalid_cursor", () -> oichat.rooms().list(ListRoomsParams.builder()
                .status(RoomStatus.OPEN).cursor(first.nextCursor()).build()));
        assertTrue(oichat.rooms().list().data().size() > 0, "the first page of every room");
    }

    static List<String> ids(CursorPage<Room> page) {
        return page.data().stream().map(Room::roomId).toList();
    }

    @Test
    void updatesNameMetadataAndStatusAndClearsTheName() {
        Room room = group(uid("user"), uid("agent"));
        Room updated = oichat.rooms().update(room.roomId(), UpdateRoomParams.builder().name("New Name")
                .metadata(Map.of("updated", true)).status(RoomStatus.RESOLVED).build());
        assertEquals("New Name", updated.name());
        assertEquals(Map.of("updated", true), updated.metadata());
        assertEquals(RoomStatus.RESOLVED, updated.status());
        assertNull(oichat.rooms().update(room.roomId(), UpdateRoomParams.builder().clearName().build()).name());
        assertEquals(RoomStatus.RESOLVED, oichat.rooms().get(room.roomId()).status());
        assertApiError(400, "validation_failed", () -> oichat.rooms().update(room.roomId(),
                UpdateRoomParams.builder().build()));
    }

    @Test
    void managesParticipantsUntilTheLastLeaves() {
        String a = uid("user");
        String b = uid("user");
        String c = uid("user");
        Room room = group(a, b);
        assertEquals(List.of(a, b, c), oichat.rooms().addParticipant(room.roomId(), c).participants());
        assertEquals(3, oichat.rooms().addParticipant(room.roomId(), c).participantCount(),
                "adding twice changes nothing");
        assertEquals(List.of(a, b), oichat.rooms().removeParticipant(room.roomId(), c).participants());
        assertApiError(422, "participant_not_found", () -> oichat.rooms().removeParticipant(room.roomId(), c));

        LeaveRoomResponse left = oichat.rooms().leave(room.roomId(), a);
        assertEquals(new LeaveRoomResponse(room.roomId(), a, false), left);
        assertTrue(oichat.rooms().leave(room.roomId(), b).destroyed());
        assertApiError(404, "room_not_found", () -> oichat.rooms().get(room.roomId()));
    }

    @Test
    void deletesARoom() {
        Room room = group(uid("user"), uid("user"));
        oichat.rooms().delete(room.roomId());
        OiChatApiException e = assertApiError(404, "room_not_found", () -> oichat.rooms().get(room.roomId()));
        assertFalse(e.getMessage().isEmpty());
        assertApiError(404, "room_not_found", () -> oichat.rooms().delete(room.roomId()));
    }

    @Test
    void idsFullOfReservedCharactersAreSignedAsSent() {
        // Every character a user id may hold, and a room id no server would make: both reach the
        // server as sent (the signature holds), which then answers about the ids themselves.
        String odd = "a.b_c:d@e+f=g|h~i-" + uid("j");
        Room room = group(odd, uid("user"));
        assertEquals(List.of(odd), oichat.rooms().list(ListRoomsParams.forUser(odd)).data().stream()
                .flatMap(r -> r.participants().stream().filter(odd::equals)).toList());
        assertEquals(1, oichat.rooms().removeParticipant(room.roomId(), odd).participantCount());
        assertApiError(404, "room_not_found", () -> oichat.rooms().get("room/../x?y=1#z é 🎉"));
    }

    @Test
    void aGivenIdempotencyKeyMakesARepeatOneEffect() {
        String key = uid("order-room");
        CreateRoomParams params = CreateRoomParams.builder().type(RoomType.GROUP).participants(uid("u"), uid("u"))
                .build();
        Room first = oichat.rooms().create(params, RequestOptions.idempotencyKey(key));
        Room again = oichat.rooms().create(params, RequestOptions.idempotencyKey(key));
        assertEquals(first, again);
        assertApiError(422, "idempotency_key_reused", () -> oichat.rooms().create(CreateRoomParams.builder()
                .type(RoomType.GROUP).participants(uid("u"), uid("u")).build(), RequestOptions.idempotencyKey(key)));
    }
}
