package io.oichat;

import static io.oichat.testing.FaultServer.error;
import static io.oichat.testing.FaultServer.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oichat.testing.FaultServer;
import io.oichat.testing.ManualScheduler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Timeouts, interrupts and answers that are not what they should be, against the JDK's HttpServer. */
class FaultsTest {
    FaultServer server;
    ManualScheduler waits;

    @BeforeEach
    void start() throws Exception {
        server = new FaultServer().always(json(200, RetriesTest.ROOM));
        waits = ManualScheduler.immediate();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    OiChat.Builder client() {
        return TestClients.at(server.url(), waits);
    }

    @Test
    void aServerThatHangsPastTheTimeoutIsANetworkErrorAfterEveryAttemptTimedOut() throws Exception {
        server.always(FaultServer.hang());
        OiChat oichat = client().timeout(Duration.ofMillis(200)).maxRetries(1).build();
        OiChatNetworkException e = assertThrows(OiChatNetworkException.class, () -> oichat.rooms().get("room_1"));
        assertTrue(e.timedOut());
        assertEquals("GET " + server.url() + "/v1/rooms/room_1 timed out after 200 ms (2 attempts)", e.getMessage());
        assertEquals("GET", e.method());
        assertEquals(server.url() + "/v1/rooms/room_1", e.url());
        assertInstanceOf(HttpTimeoutException.class, e.getCause());
        // On a loaded machine the client's 200 ms can end before the server has read the second request.
        assertEquals(2, server.awaitSeen(2).size());
        // A third attempt would have gone out before the call failed, so before this marker.
        server.then(json(200, "{}"));
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(URI.create(server.url() + "/marker")).build(),
                HttpResponse.BodyHandlers.discarding());
        assertEquals(List.of("/v1/rooms/room_1", "/v1/rooms/room_1", "/marker"),
                server.awaitSeen(3).stream().map(FaultServer.Seen::target).toList(), "two attempts, no more");
    }

    @Test
    void aNetworkErrorNamesTheUrlTriedWithTheBasePathAndWithoutTheQuery() {
        server.always(FaultServer.hang());
        OiChat oichat = TestClients.at(server.url() + "/chat/", waits).timeout(Duration.ofMillis(100)).maxRetries(0)
                .build();
        OiChatNetworkException e = assertThrows(OiChatNetworkException.class,
                () -> oichat.rooms().list(io.oichat.model.ListRoomsParams.forUser("secret-user")));
        assertEquals("GET", e.method());
        assertEquals(server.url() + "/chat/v1/rooms", e.url());
        assertEquals("GET " + server.url() + "/chat/v1/rooms timed out after 100 ms (1 attempt)", e.getMessage());
        assertEquals("/chat/v1/rooms?user_id=secret-user", server.seen().get(0).target());
    }

    @Test
    void theTimeoutCoversABodyThatStallsAfterTheHeaders() {
        server.always(FaultServer.stallBody());
        OiChat oichat = client().maxRetries(0).build();
        OiChatNetworkException e = assertThrows(OiChatNetworkException.class,
                () -> oichat.rooms().get("room_1", RequestOptions.builder().timeout(Duration.ofMillis(300)).build()));
        assertTrue(e.timedOut());
        assertTrue(e.getMessage().contains("timed out after 300 ms (1 attempt)"), e.getMessage());
    }

    @Test
    void aTimeoutThenAnAnswerSucceeds() {
        server.then(FaultServer.hang());
        OiChat oichat = client().timeout(Duration.ofMillis(200)).build();
        assertEquals("room_1", oichat.rooms().get("room_1").roomId());
        assertEquals(2, server.seen().size());
    }

    @Test
    void anInterruptedSyncCallStopsAndKeepsTheInterruptFlag() throws Exception {
        server.always(FaultServer.hang());
        OiChat oichat = client().build();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> flag = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                oichat.rooms().get("room_1");
            } catch (Throwable t) {
                thrown.set(t);
                flag.set(Thread.currentThread().isInterrupted());
            }
        });
        caller.start();
        server.awaitSeen(1);
        caller.interrupt();
        caller.join(10_000);
        OiChatNetworkException e = assertInstanceOf(OiChatNetworkException.class, thrown.get());
        assertInstanceOf(InterruptedException.class, e.getCause());
        assertFalse(e.timedOut());
        assertTrue(flag.get());
    }

    @Test
    void anErrorPageThatIsNotOiChatsGetsAnHttpStatusCode() {
        server.always((exchange, stopped) -> {
            byte[] page = "<html><body>502 Bad Gateway</body></html>".getBytes();
            exchange.getResponseHeaders().set("Content-Type", "text/html");
            exchange.getResponseHeaders().set("X-Request-Id", "req_proxy");
            exchange.sendResponseHeaders(502, page.length);
            exchange.getResponseBody().write(page);
        });
        OiChatServerException e = assertThrows(OiChatServerException.class,
                () -> client().maxRetries(0).build().rooms().get("room_1"));
        assertEquals(502, e.statusCode());
        assertEquals("http_502", e.errorCode());
        assertEquals("req_proxy", e.requestId());
        assertEquals("GET /v1/rooms/room_1 answered HTTP 502: <html><body>502 Bad Gateway</body></html>",
                e.getMessage());
        assertTrue(e.details().isEmpty());
    }

    @Test
    void aSuccessWhoseBodyIsNotJsonIsAnInvalidResponse() {
        server.always(json(200, "this is not JSON"));
        OiChatServerException e = assertThrows(OiChatServerException.class,
                () -> client().build().rooms().get("room_1"));
        assertEquals("invalid_response", e.errorCode());
        assertEquals(200, e.statusCode());
        assertEquals(1, server.seen().size());
    }

    @Test
    void aRedirectIsReportedNotFollowed() {
        server.always(json(302, "", Map.of("Location", "http://127.0.0.1:9/elsewhere")));
        OiChatApiException e = assertThrows(OiChatApiException.class, () -> client().build().rooms().get("room_1"));
        assertEquals(302, e.statusCode());
        assertEquals("http_302", e.errorCode());
        assertEquals(1, server.seen().size());
    }

    @Test
    void validationDetailsAreReadIntoRecords() {
        server.always(json(400, "{\"error\":{\"code\":\"validation_failed\",\"message\":\"participants: too few\","
                + "\"request_id\":\"req_1\",\"details\":[{\"field\":\"participants\",\"rule\":\"minItems\","
                + "\"message\":\"must have at least 2 items\",\"limit\":2},\"junk\"]}}"));
        OiChatApiException e = assertThrows(OiChatApiException.class, () -> client().build().rooms().get("room_1"));
        assertEquals(1, e.details().size());
        assertEquals(new io.oichat.model.ErrorDetail("participants", "minItems", "must have at least 2 items"),
                e.details().get(0));
    }

    @Test
    void anAsyncCallCompletesExceptionallyWithTheSameException() {
        server.always(error(404, "room_not_found", "no such room"));
        CompletionException e = assertThrows(CompletionException.class,
                () -> client().build().async().rooms().get("room_1").join());
        OiChatApiException api = assertInstanceOf(OiChatApiException.class, e.getCause());
        assertEquals("room_not_found", api.errorCode());
    }

    @Test
    void aSyncCallsExceptionPointsAtTheCaller() {
        server.always(error(404, "room_not_found", "no such room"));
        OiChatApiException e = assertThrows(OiChatApiException.class, () -> client().build().rooms().get("room_1"));
        assertTrue(Arrays.stream(e.getStackTrace()).anyMatch(f -> f.getMethodName().equals(
                "aSyncCallsExceptionPointsAtTheCaller")), "the stack trace shows the calling test method");
    }

    @Test
    void anEmptyIdIsRefusedBeforeAnythingIsSent() {
        OiChat oichat = client().build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> oichat.rooms().get(""));
        assertEquals("OiChat: roomId must be a non-empty string", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> oichat.rooms().removeParticipant("room_1", null));
        assertTrue(server.seen().isEmpty());
    }
}
