package io.oichat.contract;

import static io.oichat.TestClients.uid;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.oichat.OiChat;
import io.oichat.RequestOptions;
import io.oichat.TestClients;
import io.oichat.internal.Json;
import io.oichat.model.ChannelEventResponse;
import io.oichat.model.CreateTokenParams;
import io.oichat.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** channels(): a published event reaches a user connected to the real server's WebSocket gateway. */
class ChannelsContractTest {
    final OiChat oichat = TestClients.real();

    @Test
    void aPublishedEventReachesAUserWhoseTokenListsTheChannel() throws Exception {
        String channel = uid("orders");
        String token = oichat.auth().createToken(CreateTokenParams.builder().userId(uid("user")).channels(channel)
                .build()).token();
        LinkedBlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(TestServer.get().baseUrl.replaceFirst("^http", "ws") + "/v1/realtime"),
                        new WebSocket.Listener() {
                            private final StringBuilder text = new StringBuilder();

                            @Override
                            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                                text.append(data);
                                if (last) {
                                    try {
                                        frames.add(Json.tree(text.toString().getBytes(StandardCharsets.UTF_8)));
                                    } catch (java.io.IOException e) {
                                        throw new java.io.UncheckedIOException(e);
                                    }
                                    text.setLength(0);
                                }
                                ws.request(1);
                                return null;
                            }
                        })
                .get(10, TimeUnit.SECONDS);
        try {
            socket.sendText(Json.writeString(Map.of("type", "auth", "token", token)), true).get(10, TimeUnit.SECONDS);
            assertEquals("ready", next(frames).get("type").asText());

            ChannelEventResponse published = oichat.channels().publish(channel, "order.shipped",
                    Map.of("order_id", "1234"), RequestOptions.idempotencyKey(uid("publish")));
            assertEquals(new ChannelEventResponse(channel, "order.shipped"), published);

            JsonNode event = next(frames);
            while (!"channel.event".equals(event.get("type").asText())) event = next(frames);
            assertEquals(channel, event.get("channel").asText());
            assertEquals("order.shipped", event.get("event").asText());
            assertEquals("1234", event.at("/data/order_id").asText());
        } finally {
            socket.abort();
        }
    }

    static JsonNode next(LinkedBlockingQueue<JsonNode> frames) throws InterruptedException {
        JsonNode frame = frames.poll(10, TimeUnit.SECONDS);
        if (frame == null) throw new AssertionError("no frame within 10 s");
        return frame;
    }
}
