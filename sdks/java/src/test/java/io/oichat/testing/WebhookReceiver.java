package io.oichat.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * An endpoint on loopback that keeps every delivery the real server makes to it (raw body and
 * headers) and answers 200, for tests to verify what the server signed.
 */
public final class WebhookReceiver implements AutoCloseable {
    /** One delivery as it arrived. */
    public record Delivery(byte[] body, Map<String, List<String>> headers) {}

    private final HttpServer server;
    private final Deque<Delivery> deliveries = new ArrayDeque<>();

    public WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            synchronized (deliveries) {
                deliveries.add(new Delivery(body, new LinkedHashMap<>(exchange.getRequestHeaders())));
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/oichat/webhooks";
    }

    /** The next delivery, waiting for it up to 10 seconds. */
    public Delivery next() {
        return TestServer.until(Duration.ofSeconds(10), () -> {
            synchronized (deliveries) {
                return deliveries.poll();
            }
        });
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
