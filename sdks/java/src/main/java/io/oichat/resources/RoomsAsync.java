package io.oichat.resources;

import com.fasterxml.jackson.databind.JavaType;
import io.oichat.RequestOptions;
import io.oichat.internal.ApiRequest;
import io.oichat.internal.Json;
import io.oichat.internal.Transport;
import io.oichat.internal.UrlPath;
import io.oichat.model.CreateRoomParams;
import io.oichat.model.CursorPage;
import io.oichat.model.LeaveRoomResponse;
import io.oichat.model.ListRoomsParams;
import io.oichat.model.MessageList;
import io.oichat.model.Room;
import io.oichat.model.UpdateRoomParams;
import java.util.concurrent.CompletableFuture;

/** {@code oichat.async().rooms()}: the calls of {@link Rooms}, returning futures. */
public final class RoomsAsync {
    private static final JavaType ROOM = Json.type(Room.class);
    private static final JavaType ROOM_PAGE = Json.type(CursorPage.class, Room.class);

    private final Transport transport;

    public RoomsAsync(Transport transport) {
        this.transport = transport;
    }

    private static UrlPath room(String roomId) {
        return UrlPath.of("/v1/rooms").segment("roomId", roomId);
    }

    public CompletableFuture<Room> create(CreateRoomParams params, RequestOptions options) {
        Bodies.required(params, "rooms.create", "params");
        return transport.send(ApiRequest.post(UrlPath.of("/v1/rooms"), params, ROOM), options);
    }

    public CompletableFuture<Room> create(CreateRoomParams params) {
        return create(params, RequestOptions.none());
    }

    public CompletableFuture<CursorPage<Room>> list(ListRoomsParams params, RequestOptions options) {
        ListRoomsParams p = params == null ? ListRoomsParams.all() : params;
        UrlPath path = UrlPath.of("/v1/rooms").query("user_id", p.userId()).query("type", p.type())
                .query("status", p.status()).queryEach("metadata", p.metadataQuery()).query("limit", p.limit())
                .query("cursor", p.cursor());
        return transport.send(ApiRequest.get(path, ROOM_PAGE), options);
    }

    public CompletableFuture<CursorPage<Room>> list(ListRoomsParams params) {
        return list(params, RequestOptions.none());
    }

    public CompletableFuture<CursorPage<Room>> list() {
        return list(ListRoomsParams.all(), RequestOptions.none());
    }

    public CompletableFuture<Room> get(String roomId, RequestOptions options) {
        return transport.send(ApiRequest.get(room(roomId), ROOM), options);
    }

    public CompletableFuture<Room> get(String roomId) {
        return get(roomId, RequestOptions.none());
    }

    public CompletableFuture<Room> update(String roomId, UpdateRoomParams params, RequestOptions options) {
        Bodies.required(params, "rooms.update", "params");
        return transport.send(ApiRequest.patch(room(roomId), params, ROOM), options);
    }

    public CompletableFuture<Room> update(String roomId, UpdateRoomParams params) {
        return update(roomId, params, RequestOptions.none());
    }

    public CompletableFuture<Void> delete(String roomId, RequestOptions options) {
        return transport.send(ApiRequest.delete(room(roomId), null), options);
    }

    public CompletableFuture<Void> delete(String roomId) {
        return delete(roomId, RequestOptions.none());
    }

    public CompletableFuture<Room> addParticipant(String roomId, String userId, RequestOptions options) {
        UrlPath path = room(roomId).literal("participants");
        return transport.send(ApiRequest.post(path, Bodies.of("rooms.addParticipant", "userId", "user_id", userId),
                ROOM), options);
    }

    public CompletableFuture<Room> addParticipant(String roomId, String userId) {
        return addParticipant(roomId, userId, RequestOptions.none());
    }

    public CompletableFuture<Room> removeParticipant(String roomId, String userId, RequestOptions options) {
        UrlPath path = room(roomId).literal("participants").segment("userId", userId);
        return transport.send(ApiRequest.delete(path, ROOM), options);
    }

    public CompletableFuture<Room> removeParticipant(String roomId, String userId) {
        return removeParticipant(roomId, userId, RequestOptions.none());
    }

    public CompletableFuture<LeaveRoomResponse> leave(String roomId, String userId, RequestOptions options) {
        UrlPath path = room(roomId).literal("leave");
        return transport.send(ApiRequest.post(path, Bodies.of("rooms.leave", "userId", "user_id", userId),
                Json.type(LeaveRoomResponse.class)), options);
    }

    public CompletableFuture<LeaveRoomResponse> leave(String roomId, String userId) {
        return leave(roomId, userId, RequestOptions.none());
    }

    public CompletableFuture<MessageList> pins(String roomId, RequestOptions options) {
        return transport.send(ApiRequest.get(room(roomId).literal("pins"), Json.type(MessageList.class)), options);
    }

    public CompletableFuture<MessageList> pins(String roomId) {
        return pins(roomId, RequestOptions.none());
    }
}
