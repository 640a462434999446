package io.oichat.examples;

import io.oichat.OiChat;
import io.oichat.model.ChannelEventResponse;
import io.oichat.model.CreateTokenParams;
import io.oichat.model.TokenResponse;
import java.util.Map;

/** The README's channels example, run by the tests against the real server. */
public final class ChannelsReference {
    private ChannelsReference() {}

    /** What the example made: the agent's token, for the test's WebSocket client, and the answer. */
    public record Results(TokenResponse token, ChannelEventResponse published) {}

    public static Results channels(OiChat oichat) {
        // readme:channels
        // A token whose user hears the channel "queue:billing" (besides their rooms)
        TokenResponse token = oichat.auth().createToken(CreateTokenParams.builder()
                .userId("agent-7")
                .channels("queue:billing")
                .build());

        // Every connected user whose token lists the channel receives
        // {"type": "channel.event", "channel": "queue:billing", "event": "ticket.created", "data": {…}}
        ChannelEventResponse published = oichat.channels().publish("queue:billing", "ticket.created",
                Map.of("ticket_id", "T-1234", "priority", "high"));
        // published.channel(), published.event(); oichat.async().channels().publish(…) is the same call
        // readme:end
        return new Results(token, published);
    }
}
