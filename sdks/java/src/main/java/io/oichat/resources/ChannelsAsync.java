package io.oichat.resources;

import io.oichat.RequestOptions;
import io.oichat.internal.ApiRequest;
import io.oichat.internal.Json;
import io.oichat.internal.Transport;
import io.oichat.internal.UrlPath;
import io.oichat.model.ChannelEventResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** {@code oichat.async().channels()}: the calls of {@link Channels}, returning futures. */
public final class ChannelsAsync {
    private final Transport transport;

    public ChannelsAsync(Transport transport) {
        this.transport = transport;
    }

    public CompletableFuture<ChannelEventResponse> publish(String channel, String event, Map<String, ?> data,
            RequestOptions options) {
        Map<String, Object> body = new LinkedHashMap<>(Bodies.of("channels.publish", "event", "event", event));
        if (data != null) body.put("data", data);
        UrlPath path = UrlPath.of("/v1/channels").segment("channel", channel).literal("events");
        return transport.send(ApiRequest.post(path, body, Json.type(ChannelEventResponse.class)), options);
    }

    public CompletableFuture<ChannelEventResponse> publish(String channel, String event, Map<String, ?> data) {
        return publish(channel, event, data, RequestOptions.none());
    }

    public CompletableFuture<ChannelEventResponse> publish(String channel, String event) {
        return publish(channel, event, null, RequestOptions.none());
    }
}
