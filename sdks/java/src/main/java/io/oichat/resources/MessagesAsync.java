package io.oichat.resources;

import io.oichat.RequestOptions;
import io.oichat.internal.ApiRequest;
import io.oichat.internal.Json;
import io.oichat.internal.Transport;
import io.oichat.internal.UrlPath;
import io.oichat.model.ListMessagesParams;
import io.oichat.model.Message;
import io.oichat.model.MessageList;
import io.oichat.model.SendMessageParams;
import java.util.concurrent.CompletableFuture;

/** {@code oichat.async().messages()}: the calls of {@link Messages}, returning futures. */
public final class MessagesAsync {
    private final Transport transport;

    public MessagesAsync(Transport transport) {
        this.transport = transport;
    }

    public CompletableFuture<Message> send(SendMessageParams params, RequestOptions options) {
        Bodies.required(params, "messages.send", "params");
        return transport.send(ApiRequest.post(UrlPath.of("/v1/messages"), params, Json.type(Message.class)), options);
    }

    public CompletableFuture<Message> send(SendMessageParams params) {
        return send(params, RequestOptions.none());
    }

    public CompletableFuture<MessageList> list(String roomId, ListMessagesParams params, RequestOptions options) {
        ListMessagesParams p = params == null ? ListMessagesParams.builder().build() : params;
        UrlPath path = UrlPath.of("/v1/rooms").segment("roomId", roomId).literal("messages")
                .query("after", p.after()).query("before", p.before()).query("limit", p.limit());
        return transport.send(ApiRequest.get(path, Json.type(MessageList.class)), options);
    }

    public CompletableFuture<MessageList> list(String roomId, ListMessagesParams params) {
        return list(roomId, params, RequestOptions.none());
    }

    public CompletableFuture<MessageList> list(String roomId) {
        return list(roomId, null, RequestOptions.none());
    }
}
