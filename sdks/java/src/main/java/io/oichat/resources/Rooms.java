package io.oichat.resources;

import io.oichat.RequestOptions;
import io.oichat.internal.Paging;
import io.oichat.internal.Sync;
import io.oichat.model.CreateRoomParams;
import io.oichat.model.CursorPage;
import io.oichat.model.LeaveRoomResponse;
import io.oichat.model.ListRoomsParams;
import io.oichat.model.MessageList;
import io.oichat.model.Room;
import io.oichat.model.UpdateRoomParams;

/**
 * {@code oichat.rooms()}: creating rooms, listing them (a user's or the project's), and managing who
 * is in them.
 */
public final class Rooms {
    private final RoomsAsync async;

    public Rooms(RoomsAsync async) {
        this.async = async;
    }

    /**
     * Creates a room. For {@code direct}, when the pair already has a direct room (in either order),
     * that room is returned and nothing is created. {@code POST /v1/rooms}.
     */
    public Room create(CreateRoomParams params, RequestOptions options) {
        return Sync.await(async.create(params, options));
    }

    public Room create(CreateRoomParams params) {
        return create(params, RequestOptions.none());
    }

    /**
     * One page of the rooms a user is in ({@code userId}), or of every room of the project (without
     * it), most recent activity first, narrowed by {@code type}, {@code status} and {@code metadata};
     * pass {@code nextCursor()} back as {@code cursor} for the next page. {@code 400 invalid_cursor}
     * for a cursor of another list or older than 24 hours. {@code GET /v1/rooms}.
     */
    public CursorPage<Room> list(ListRoomsParams params, RequestOptions options) {
        return Sync.await(async.list(params, options));
    }

    public CursorPage<Room> list(ListRoomsParams params) {
        return list(params, RequestOptions.none());
    }

    /** The first page of every room of the project. */
    public CursorPage<Room> list() {
        return list(ListRoomsParams.all(), RequestOptions.none());
    }

    /**
     * Every room of the list, page after page as the loop asks for them (each page one request,
     * with {@code params}' limit as the page size). Paging is a snapshot taken at the first page, so
     * no room appears twice and none is skipped while rooms change.
     */
    public Iterable<Room> listAll(ListRoomsParams params, RequestOptions options) {
        ListRoomsParams p = params == null ? ListRoomsParams.all() : params;
        return Paging.all(p.cursor(), cursor -> list(p.toBuilder().cursor(cursor).build(), options));
    }

    public Iterable<Room> listAll(ListRoomsParams params) {
        return listAll(params, RequestOptions.none());
    }

    /** {@code 404 room_not_found} when there is no such room (or it was deleted). {@code GET /v1/rooms/{room_id}}. */
    public Room get(String roomId, RequestOptions options) {
        return Sync.await(async.get(roomId, options));
    }

    public Room get(String roomId) {
        return get(roomId, RequestOptions.none());
    }

    /** Changes any of name (null clears it), metadata (replaced whole) and status. {@code PATCH /v1/rooms/{id}}. */
    public Room update(String roomId, UpdateRoomParams params, RequestOptions options) {
        return Sync.await(async.update(roomId, params, options));
    }

    public Room update(String roomId, UpdateRoomParams params) {
        return update(roomId, params, RequestOptions.none());
    }

    /** Soft-deletes the room: afterwards it answers {@code 404 room_not_found}. {@code DELETE /v1/rooms/{room_id}}. */
    public void delete(String roomId, RequestOptions options) {
        Sync.await(async.delete(roomId, options));
    }

    public void delete(String roomId) {
        delete(roomId, RequestOptions.none());
    }

    /**
     * Adds a user (no change if already in): {@code 409 room_full}, {@code 409
     * direct_room_participants_fixed}. {@code POST /v1/rooms/{room_id}/participants}.
     */
    public Room addParticipant(String roomId, String userId, RequestOptions options) {
        return Sync.await(async.addParticipant(roomId, userId, options));
    }

    public Room addParticipant(String roomId, String userId) {
        return addParticipant(roomId, userId, RequestOptions.none());
    }

    /**
     * Removes a user ({@code 422 participant_not_found} if not in); removing the last one deletes the
     * room and returns it as it was left. {@code DELETE /v1/rooms/{room_id}/participants/{user_id}}.
     */
    public Room removeParticipant(String roomId, String userId, RequestOptions options) {
        return Sync.await(async.removeParticipant(roomId, userId, options));
    }

    public Room removeParticipant(String roomId, String userId) {
        return removeParticipant(roomId, userId, RequestOptions.none());
    }

    /**
     * A user leaves the room; when the last one leaves, the room is deleted and {@code destroyed()}
     * is true. {@code POST /v1/rooms/{room_id}/leave}.
     */
    public LeaveRoomResponse leave(String roomId, String userId, RequestOptions options) {
        return Sync.await(async.leave(roomId, userId, options));
    }

    public LeaveRoomResponse leave(String roomId, String userId) {
        return leave(roomId, userId, RequestOptions.none());
    }

    /**
     * The room's pinned messages, newest pin first, at most 100 ({@code hasMore()}: more are
     * pinned). {@code 404 room_not_found}. {@code GET /v1/rooms/{room_id}/pins}.
     */
    public MessageList pins(String roomId, RequestOptions options) {
        return Sync.await(async.pins(roomId, options));
    }

    public MessageList pins(String roomId) {
        return pins(roomId, RequestOptions.none());
    }
}
