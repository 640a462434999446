package io.oichat.resources;

import io.oichat.RequestOptions;
import io.oichat.internal.Sync;
import io.oichat.model.ChannelEventResponse;
import java.util.Map;

/** {@code oichat.channels()}: live events for every connected user whose token lists the channel. */
public final class Channels {
    private final ChannelsAsync async;

    public Channels(ChannelsAsync async) {
        this.async = async;
    }

    /**
     * Publishes {@code {"type": "channel.event", channel, event, data}} to every user connected
     * to the realtime gateway whose token lists {@code channel} (see {@code
     * CreateTokenParams.Builder#channels}). Live only: not stored, not replayed, not sent to
     * webhooks; with the call's idempotency key a retry never publishes twice. {@code event} is 1–100
     * characters, {@code data} an object of at most 8 KB (null: {@code {}}). {@code POST
     * /v1/channels/{channel}/events}.
     */
    public ChannelEventResponse publish(String channel, String event, Map<String, ?> data,
            RequestOptions options) {
        return Sync.await(async.publish(channel, event, data, options));
    }

    public ChannelEventResponse publish(String channel, String event, Map<String, ?> data) {
        return publish(channel, event, data, RequestOptions.none());
    }

    /** An event without data: users receive {@code "data": {}}. */
    public ChannelEventResponse publish(String channel, String event) {
        return publish(channel, event, null, RequestOptions.none());
    }
}
