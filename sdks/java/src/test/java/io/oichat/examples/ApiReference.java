package io.oichat.examples;

import io.oichat.OiChat;
import io.oichat.OiChatApiException;
import io.oichat.OiChatNetworkException;
import io.oichat.OiChatServerException;
import io.oichat.RequestOptions;
import io.oichat.model.CreateRoomParams;
import io.oichat.model.CreateTokenParams;
import io.oichat.model.CursorPage;
import io.oichat.model.LeaveRoomResponse;
import io.oichat.model.ListMessagesParams;
import io.oichat.model.ListRoomsParams;
import io.oichat.model.Message;
import io.oichat.model.MessageContentType;
import io.oichat.model.MessageList;
import io.oichat.model.Room;
import io.oichat.model.RoomStatus;
import io.oichat.model.RoomType;
import io.oichat.model.SendMessageParams;
import io.oichat.model.TokenResponse;
import io.oichat.model.UpdateRoomParams;
import io.oichat.model.UserInfo;
import io.oichat.model.UserRole;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The README's API reference examples, each a method the tests run against the real server. */
public final class ApiReference {
    private ApiReference() {}

    public static TokenResponse auth(OiChat oichat) {
        // readme:auth
        // Issue JWT token (24h TTL)
        TokenResponse token = oichat.auth().createToken(CreateTokenParams.builder()
                .userId("user-123")  // Required
                .userName("John Doe") // Optional
                .userInfo(UserInfo.builder() // Optional
                        .avatarUrl("https://example.com/johnny.png")
                        .nickname("Johnny")
                        .badge("VIP")
                        .custom(Map.of("tier", "gold"))
                        .build())
                .channels(List.of()) // Optional: additional channels to subscribe
                .role(UserRole.USER) // Optional: USER | AGENT
                .build());

        // Refresh a token (it may have expired, by at most 30 days)
        TokenResponse renewed = oichat.auth().refreshToken(token.token());
        // readme:end
        return renewed;
    }

    public static LeaveRoomResponse rooms(OiChat oichat) {
        // readme:rooms
        // Create room
        Room room = oichat.rooms().create(CreateRoomParams.builder()
                .type(RoomType.GROUP)                 // DIRECT | GROUP
                .name("Chat Room")                    // Optional
                .participants("user-1", "user-2")     // Required (direct: exactly 2; group: 2-500)
                .metadata(Map.of("order_id", "1234")) // Optional
                .build());

        // List rooms for a user (cursor pagination)
        CursorPage<Room> page = oichat.rooms().list(ListRoomsParams.builder()
                .userId("user-1")
                .limit(20)    // Optional (1-100, default: 20)
                .cursor(null) // Optional: nextCursor() of the previous page
                .build());
        List<Room> data = page.data();
        boolean hasMore = page.hasMore();

        // Or every room, page after page
        for (Room each : oichat.rooms().listAll(ListRoomsParams.builder().userId("user-1").build())) {
            System.out.println(each.roomId() + " " + each.name());
        }

        // Get room details
        Room details = oichat.rooms().get(room.roomId());

        // Update room
        oichat.rooms().update(room.roomId(), UpdateRoomParams.builder()
                .name("New Name")                   // name(null) clears it
                .metadata(Map.of("updated", true))  // replaces the old metadata
                .status(RoomStatus.RESOLVED)        // OPEN | RESOLVED
                .build());

        // Add participant
        oichat.rooms().addParticipant(room.roomId(), "user-3");

        // Remove participant
        oichat.rooms().removeParticipant(room.roomId(), "user-3");

        // Leave room (auto-destroys if 0 participants remain)
        LeaveRoomResponse result = oichat.rooms().leave(room.roomId(), "user-1");
        // result.destroyed() is true if the room was destroyed
        // readme:end
        System.out.println(data.size() + " rooms, more: " + hasMore + ", " + details.participantCount());
        return result;
    }

    public static CursorPage<Room> roomsAll(OiChat oichat) {
        // readme:rooms-all
        // List every room of the project (no userId), filtered: a support desk's open billing rooms
        CursorPage<Room> open = oichat.rooms().list(ListRoomsParams.builder()
                .status(RoomStatus.OPEN)      // Optional: OPEN | RESOLVED
                .type(RoomType.GROUP)         // Optional: DIRECT | GROUP
                .metadata("queue", "billing") // Optional: top-level metadata key and value, all given must match
                .limit(50)
                .build());
        for (Room room : open.data()) System.out.println(room.roomId() + " " + room.name() + " " + room.participants());
        // readme:end
        return open;
    }

    public static void deleteRoom(OiChat oichat, Room room) {
        // readme:rooms-delete
        // Delete room (soft delete: afterwards it answers 404 room_not_found)
        oichat.rooms().delete(room.roomId());
        // readme:end
    }

    public static MessageList messages(OiChat oichat, Room room) {
        // readme:messages
        // Send message (system message, bot response, etc.)
        Message message = oichat.messages().send(SendMessageParams.builder()
                .roomId(room.roomId())
                .senderId("system")
                .content("Transaction completed.")
                .contentType(MessageContentType.SYSTEM) // TEXT | IMAGE | FILE | SYSTEM | CUSTOM
                .metadata(Map.of("order_id", "1234"))
                .build());

        // Read history, in ascending seq:
        // after(N) reads forward from seq N (0 = from the start), before(N) reads backward,
        // neither returns the newest messages. hasMore(): more lie further that way.
        MessageList history = oichat.messages().list(room.roomId(),
                ListMessagesParams.builder().after(0).limit(50).build());
        // readme:end
        System.out.println("sent #" + message.seq());
        return history;
    }

    public static Room idempotency(OiChat oichat) {
        // readme:idempotency
        Room room = oichat.rooms().create(
                CreateRoomParams.builder().type(RoomType.GROUP).participants("user-1", "user-2").build(),
                RequestOptions.idempotencyKey("order-1234-room"));
        // readme:end
        return room;
    }

    public static void errorHandling(OiChat oichat) {
        // readme:error-handling
        try {
            oichat.rooms().get("nonexistent");
        } catch (OiChatApiException e) {
            // 4xx: client error (bad request, not found, forbidden)
            System.err.println(e.statusCode() + " " + e.errorCode() + " " + e.getMessage());
        } catch (OiChatServerException e) {
            // 5xx: server error (retries exhausted)
            System.err.println(e.statusCode() + " " + e.getMessage());
        } catch (OiChatNetworkException e) {
            // Network failure or timeout
            System.err.println(e.getMessage() + " " + e.getCause());
        }
        // readme:end
    }

    public static CompletableFuture<Message> async(OiChat oichat) {
        // readme:async
        // The same calls, returning CompletableFutures: nothing blocks while they wait.
        CompletableFuture<Message> sent = oichat.async().rooms()
                .create(CreateRoomParams.builder().type(RoomType.GROUP).participants("user-1", "agent-1").build())
                .thenCompose(room -> oichat.async().messages().send(SendMessageParams.builder()
                        .roomId(room.roomId())
                        .senderId("system")
                        .content("An agent will be with you shortly.")
                        .contentType(MessageContentType.SYSTEM)
                        .build()));
        // sent.cancel(true) stops the call at once, retry waits included.
        // readme:end
        return sent;
    }

    // readme:typed-usage
    static Room createSupportRoom(OiChat oichat, String orderId) {
        return oichat.rooms().create(CreateRoomParams.builder()
                .type(RoomType.GROUP)
                .name("Order #" + orderId)
                .participants("customer", "support-agent")
                .build());
    }

    static TokenResponse tokenFor(OiChat oichat, String userId) {
        return oichat.auth().createToken(CreateTokenParams.builder().userId(userId).role(UserRole.USER).build());
    }
    // readme:end

    public static Message typedUsage(OiChat oichat) {
        tokenFor(oichat, "customer");
        return oichat.messages().send(SendMessageParams.builder()
                .roomId(createSupportRoom(oichat, "1234").roomId())
                .senderId("system")
                .content("We are on it.")
                .contentType(MessageContentType.SYSTEM)
                .build());
    }
}
