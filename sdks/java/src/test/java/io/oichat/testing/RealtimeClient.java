package io.oichat.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.oichat.internal.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An end user's connection to the real server's WebSocket gateway (docs/realtime.md), on the JDK's
 * {@code java.net.http.WebSocket}: authenticated with a user token, it collects every frame the
 * server sends, in order.
 */
public final class RealtimeClient implements AutoCloseable {
    private final LinkedBlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    private final WebSocket socket;

    private RealtimeClient(String token) throws Exception {
        socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(TestServer.get().baseUrl.replaceFirst("^http", "ws") + "/v1/realtime"),
                        new Collector())
                .get(10, TimeUnit.SECONDS);
        send(Map.of("type", "auth", "token", token));
        JsonNode ready = next();
        if (!"ready".equals(ready.path("type").asText())) throw new AssertionError("not ready: " + ready);
    }

    /** Connects and authenticates; returns once the server said {@code ready}. */
    public static RealtimeClient connect(String token) throws Exception {
        return new RealtimeClient(token);
    }

    public void send(Map<String, ?> frame) throws Exception {
        socket.sendText(Json.writeString(frame), true).get(10, TimeUnit.SECONDS);
    }

    /** The next frame; fails after 10 s without one. */
    public JsonNode next() throws InterruptedException {
        JsonNode frame = frames.poll(10, TimeUnit.SECONDS);
        if (frame == null) throw new AssertionError("no frame within 10 s");
        return frame;
    }

    /** The next frame of this type, skipping others (presence and the like). */
    public JsonNode next(String type) throws InterruptedException {
        JsonNode frame = next();
        while (!type.equals(frame.path("type").asText())) frame = next();
        return frame;
    }

    @Override
    public void close() {
        socket.abort();
    }

    /** Joins a text message's parts and queues it as JSON. */
    private final class Collector implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                try {
                    frames.add(Json.tree(text.toString().getBytes(StandardCharsets.UTF_8)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }
    }
}
