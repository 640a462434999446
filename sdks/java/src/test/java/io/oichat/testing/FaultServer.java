package io.oichat.testing;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A scripted HTTP server on loopback (the JDK's {@code HttpServer}) for the fault tests: each
 * request gets the next scripted answer (a status and body, a hang, a body that stalls, a dropped
 * connection), or the fallback; every request is recorded with its raw target, headers and body.
 */
public final class FaultServer implements AutoCloseable {
    /** One recorded request. */
    public record Seen(String method, String target, Headers headers, byte[] body, long atNanos) {
        public String header(String name) {
            return headers.getFirst(name);
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    @FunctionalInterface
    public interface Answer {
        void respond(HttpExchange exchange, CountDownLatch stopped) throws IOException, InterruptedException;
    }

    private static final String SEEN = "oichat.seen";
    // Headers the JDK client sets itself (and refuses to be given), or that belong to one hop only.
    private static final java.util.Set<String> HOP_HEADERS = java.util.Set.of("connection", "content-length",
            "expect", "host", "upgrade", "transfer-encoding", "keep-alive", "date");
    private static final java.net.http.HttpClient FORWARDER = java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_1_1).build();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Deque<Answer> script = new ArrayDeque<>();
    private final List<Seen> seen = new ArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private Answer fallback = json(200, "{}");

    public FaultServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            java.net.URI uri = exchange.getRequestURI();
            String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            Seen request = new Seen(exchange.getRequestMethod(), target, exchange.getRequestHeaders(),
                    exchange.getRequestBody().readAllBytes(), System.nanoTime());
            exchange.setAttribute(SEEN, request);
            Answer answer;
            synchronized (this) {
                seen.add(request);
                answer = script.isEmpty() ? fallback : script.poll();
                notifyAll();
            }
            try {
                answer.respond(exchange, stopped);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next requests get these answers, in order; later ones get the fallback. */
    public synchronized FaultServer then(Answer... answers) {
        script.addAll(List.of(answers));
        return this;
    }

    public synchronized FaultServer always(Answer answer) {
        fallback = answer;
        return this;
    }

    public synchronized List<Seen> seen() {
        return List.copyOf(seen);
    }

    /** Waits until at least {@code count} requests arrived. */
    public synchronized List<Seen> awaitSeen(int count) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (seen.size() < count) {
            long left = end - System.nanoTime();
            if (left <= 0) throw new AssertionError("expected " + count + " requests, saw " + seen.size());
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return List.copyOf(seen);
    }

    public static Answer json(int status, String body) {
        return json(status, body, Map.of());
    }

    public static Answer json(int status, String body, Map<String, String> headers) {
        return (exchange, stopped) -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        };
    }

    public static Answer error(int status, String code, String message) {
        return json(status, "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message
                + "\",\"request_id\":\"req_fault\"}}");
    }

    /** Never answers (until the server stops). */
    public static Answer hang() {
        return (exchange, stopped) -> stopped.await();
    }

    /** Sends the headers and half the body, then stalls. */
    public static Answer stallBody() {
        return (exchange, stopped) -> {
            exchange.sendResponseHeaders(200, 100);
            OutputStream out = exchange.getResponseBody();
            out.write("{\"room_id\":".getBytes(StandardCharsets.UTF_8));
            out.flush();
            stopped.await();
        };
    }

    /** Sends the request on to {@code baseUrl} (the real server) as it came, and relays the answer. */
    public static Answer forward(String baseUrl) {
        return forward(baseUrl, false);
    }

    /**
     * Sends the request on to {@code baseUrl} and waits for the answer, then closes the client's
     * connection without it: the server did the work, the client never hears of it.
     */
    public static Answer forwardThenDrop(String baseUrl) {
        return forward(baseUrl, true);
    }

    private static Answer forward(String baseUrl, boolean drop) {
        return (exchange, stopped) -> {
            Seen seen = (Seen) exchange.getAttribute(SEEN);
            java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(baseUrl + seen.target()));
            seen.headers().forEach((name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            request.method(seen.method(), seen.body().length == 0 ? java.net.http.HttpRequest.BodyPublishers.noBody()
                    : java.net.http.HttpRequest.BodyPublishers.ofByteArray(seen.body()));
            java.net.http.HttpResponse<byte[]> answer = FORWARDER.send(request.build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            if (drop) return;
            answer.headers().map().forEach((name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            byte[] body = answer.body();
            exchange.sendResponseHeaders(answer.statusCode(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        };
    }

    /** Closes the connection without an answer. */
    public static Answer drop() {
        return (exchange, stopped) -> {};
    }

    @Override
    public void close() {
        stopped.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
