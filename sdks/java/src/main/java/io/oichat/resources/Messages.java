package io.oichat.resources;

import io.oichat.RequestOptions;
import io.oichat.internal.Sync;
import io.oichat.model.ListMessagesParams;
import io.oichat.model.Message;
import io.oichat.model.MessageList;
import io.oichat.model.SendMessageParams;

/** {@code oichat.messages()}: sending messages as a participant or as {@code "system"}, and reading history. */
public final class Messages {
    private final MessagesAsync async;

    public Messages(MessagesAsync async) {
        this.async = async;
    }

    /**
     * Sends a message, numbered with the room's next {@code seq}: {@code 404 room_not_found},
     * {@code 422 sender_not_participant}. {@code POST /v1/messages}.
     */
    public Message send(SendMessageParams params, RequestOptions options) {
        return Sync.await(async.send(params, options));
    }

    public Message send(SendMessageParams params) {
        return send(params, RequestOptions.none());
    }

    /**
     * A room's history in ascending {@code seq}: {@code after(N)} reads forward from seq N (0 = from
     * the start), {@code before(N)} reads backward, neither returns the newest messages; {@code
     * hasMore()} says whether more lie further that way. {@code GET /v1/rooms/{room_id}/messages}.
     */
    public MessageList list(String roomId, ListMessagesParams params, RequestOptions options) {
        return Sync.await(async.list(roomId, params, options));
    }

    public MessageList list(String roomId, ListMessagesParams params) {
        return list(roomId, params, RequestOptions.none());
    }

    /** The newest 50 messages. */
    public MessageList list(String roomId) {
        return list(roomId, null, RequestOptions.none());
    }
}
