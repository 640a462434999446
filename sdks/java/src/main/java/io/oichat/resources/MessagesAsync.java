package io.oichat.resources;

import com.fasterxml.jackson.databind.JavaType;
import io.oichat.RequestOptions;
import io.oichat.internal.ApiRequest;
import io.oichat.internal.Json;
import io.oichat.internal.Transport;
import io.oichat.internal.UrlPath;
import io.oichat.model.CursorPage;
import io.oichat.model.ListMessagesParams;
import io.oichat.model.ListRepliesParams;
import io.oichat.model.Message;
import io.oichat.model.MessageList;
import io.oichat.model.ReactionParams;
import io.oichat.model.SearchMessagesParams;
import io.oichat.model.SendMessageParams;
import io.oichat.model.UpdateMessageParams;
import java.util.concurrent.CompletableFuture;

/** {@code oichat.async().messages()}: the calls of {@link Messages}, returning futures. */
public final class MessagesAsync {
    private static final JavaType MESSAGE = Json.type(Message.class);
    private static final JavaType MESSAGE_LIST = Json.type(MessageList.class);
    private static final JavaType MESSAGE_PAGE = Json.type(CursorPage.class, Message.class);

    private final Transport transport;

    public MessagesAsync(Transport transport) {
        this.transport = transport;
    }

    private static UrlPath message(String messageId) {
        return UrlPath.of("/v1/messages").segment("messageId", messageId);
    }

    public CompletableFuture<Message> send(SendMessageParams params, RequestOptions options) {
        Bodies.required(params, "messages.send", "params");
        return transport.send(ApiRequest.post(UrlPath.of("/v1/messages"), params, MESSAGE), options);
    }

    public CompletableFuture<Message> send(SendMessageParams params) {
        return send(params, RequestOptions.none());
    }

    public CompletableFuture<MessageList> list(String roomId, ListMessagesParams params, RequestOptions options) {
        ListMessagesParams p = params == null ? ListMessagesParams.builder().build() : params;
        UrlPath path = UrlPath.of("/v1/rooms").segment("roomId", roomId).literal("messages")
                .query("after", p.after()).query("before", p.before()).query("limit", p.limit())
                .query("thread", p.thread());
        return transport.send(ApiRequest.get(path, MESSAGE_LIST), options);
    }

    public CompletableFuture<MessageList> list(String roomId, ListMessagesParams params) {
        return list(roomId, params, RequestOptions.none());
    }

    public CompletableFuture<MessageList> list(String roomId) {
        return list(roomId, null, RequestOptions.none());
    }

    public CompletableFuture<Message> get(String messageId, RequestOptions options) {
        return transport.send(ApiRequest.get(message(messageId), MESSAGE), options);
    }

    public CompletableFuture<Message> get(String messageId) {
        return get(messageId, RequestOptions.none());
    }

    public CompletableFuture<Message> update(String messageId, UpdateMessageParams params, RequestOptions options) {
        Bodies.required(params, "messages.update", "params");
        return transport.send(ApiRequest.patch(message(messageId), params, MESSAGE), options);
    }

    public CompletableFuture<Message> update(String messageId, UpdateMessageParams params) {
        return update(messageId, params, RequestOptions.none());
    }

    public CompletableFuture<Message> delete(String messageId, RequestOptions options) {
        return transport.send(ApiRequest.delete(message(messageId), MESSAGE), options);
    }

    public CompletableFuture<Message> delete(String messageId) {
        return delete(messageId, RequestOptions.none());
    }

    public CompletableFuture<Message> addReaction(String messageId, ReactionParams params, RequestOptions options) {
        Bodies.required(params, "messages.addReaction", "params");
        return transport.send(ApiRequest.post(message(messageId).literal("reactions"), params, MESSAGE), options);
    }

    public CompletableFuture<Message> addReaction(String messageId, ReactionParams params) {
        return addReaction(messageId, params, RequestOptions.none());
    }

    public CompletableFuture<Message> removeReaction(String messageId, ReactionParams params, RequestOptions options) {
        Bodies.required(params, "messages.removeReaction", "params");
        UrlPath path = message(messageId).literal("reactions").segment("type", params.type())
                .query("user_id", params.userId());
        return transport.send(ApiRequest.delete(path, MESSAGE), options);
    }

    public CompletableFuture<Message> removeReaction(String messageId, ReactionParams params) {
        return removeReaction(messageId, params, RequestOptions.none());
    }

    public CompletableFuture<MessageList> replies(String messageId, ListRepliesParams params, RequestOptions options) {
        ListRepliesParams p = params == null ? ListRepliesParams.builder().build() : params;
        UrlPath path = message(messageId).literal("replies").query("after", p.after()).query("before", p.before())
                .query("limit", p.limit());
        return transport.send(ApiRequest.get(path, MESSAGE_LIST), options);
    }

    public CompletableFuture<MessageList> replies(String messageId, ListRepliesParams params) {
        return replies(messageId, params, RequestOptions.none());
    }

    public CompletableFuture<MessageList> replies(String messageId) {
        return replies(messageId, null, RequestOptions.none());
    }

    public CompletableFuture<Message> pin(String messageId, RequestOptions options) {
        return transport.send(ApiRequest.post(message(messageId).literal("pin"), null, MESSAGE), options);
    }

    public CompletableFuture<Message> pin(String messageId) {
        return pin(messageId, RequestOptions.none());
    }

    public CompletableFuture<Message> unpin(String messageId, RequestOptions options) {
        return transport.send(ApiRequest.delete(message(messageId).literal("pin"), MESSAGE), options);
    }

    public CompletableFuture<Message> unpin(String messageId) {
        return unpin(messageId, RequestOptions.none());
    }

    public CompletableFuture<CursorPage<Message>> search(SearchMessagesParams params, RequestOptions options) {
        Bodies.required(params, "messages.search", "params");
        UrlPath path = UrlPath.of("/v1/messages/search").query("query", params.query())
                .query("room_id", params.roomId()).query("sender_id", params.senderId())
                .query("limit", params.limit()).query("cursor", params.cursor());
        return transport.send(ApiRequest.get(path, MESSAGE_PAGE), options);
    }

    public CompletableFuture<CursorPage<Message>> search(SearchMessagesParams params) {
        return search(params, RequestOptions.none());
    }
}
