package io.oichat;

import static io.oichat.testing.FaultServer.error;
import static io.oichat.testing.FaultServer.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oichat.internal.TransportSettings;
import io.oichat.model.CreateRoomParams;
import io.oichat.model.Room;
import io.oichat.model.RoomType;
import io.oichat.testing.FaultServer;
import io.oichat.testing.ManualScheduler;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Retries against the JDK's HttpServer scripted to fail: what is retried, how long the SDK waits
 * (asserted on the waits it asks a manual scheduler for, not on a clock), and that a POST keeps one
 * idempotency key across its attempts.
 */
class RetriesTest {
    static final String ROOM = "{\"room_id\":\"room_1\",\"type\":\"group\",\"name\":null,\"status\":\"open\","
            + "\"metadata\":{},\"participants\":[\"a\",\"b\"],\"participant_count\":2,\"message_count\":0,"
            + "\"last_seq\":0,\"created_at\":\"2026-11-25T10:31:32.123Z\",\"updated_at\":\"2026-11-25T10:31:32.123Z\","
            + "\"last_message_at\":null}";
    static final CreateRoomParams PARAMS = CreateRoomParams.builder().type(RoomType.GROUP).participants("a", "b")
            .build();

    FaultServer server;
    ManualScheduler waits;

    @BeforeEach
    void start() throws Exception {
        server = new FaultServer().always(json(201, ROOM));
        waits = ManualScheduler.immediate();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    OiChat client() {
        return TestClients.at(server.url(), waits).build();
    }

    @Test
    void a503ThenSuccessIsRetriedWithTheSameIdempotencyKey() throws Exception {
        server.then(error(503, "internal_error", "down for a moment"));
        Room room = client().rooms().create(PARAMS);

        assertEquals("room_1", room.roomId());
        List<FaultServer.Seen> seen = server.seen();
        assertEquals(2, seen.size());
        String key = seen.get(0).header("Idempotency-Key");
        assertTrue(key.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"), key);
        assertEquals(key, seen.get(1).header("Idempotency-Key"));
        assertEquals(seen.get(0).bodyText(), seen.get(1).bodyText());
        // The first retry waits 0.5 s less up to 25 % jitter.
        long delay = waits.waits().get(0).delayMs;
        assertTrue(delay >= 375 && delay <= 500, "first backoff " + delay);
    }

    @Test
    void eachCallHasItsOwnKeyAndAGivenKeyReplacesIt() throws Exception {
        OiChat oichat = client();
        oichat.rooms().create(PARAMS);
        oichat.rooms().create(PARAMS);
        server.then(error(502, "bad_gateway", "proxy"));
        oichat.rooms().create(PARAMS, RequestOptions.idempotencyKey("order-1234-room"));
        List<FaultServer.Seen> seen = server.seen();
        assertFalse(seen.get(0).header("Idempotency-Key").equals(seen.get(1).header("Idempotency-Key")));
        assertEquals("order-1234-room", seen.get(2).header("Idempotency-Key"));
        assertEquals("order-1234-room", seen.get(3).header("Idempotency-Key"));
    }

    @Test
    void getPatchAndDeleteCarryNoKey() {
        OiChat oichat = client();
        oichat.rooms().get("room_1", RequestOptions.idempotencyKey("ignored"));
        oichat.rooms().update("room_1", io.oichat.model.UpdateRoomParams.builder().clearName().build());
        server.always(json(204, ""));
        oichat.rooms().delete("room_1");
        for (FaultServer.Seen seen : server.seen()) assertNull(seen.header("Idempotency-Key"), seen.method());
    }

    @Test
    void exhaustedRetriesThrowTheServerErrorAfterExponentialWaits() {
        server.always(error(500, "internal_error", "the database is unavailable"));
        OiChatServerException e = assertThrows(OiChatServerException.class, () -> client().rooms().create(PARAMS));
        assertEquals(500, e.statusCode());
        assertEquals("internal_error", e.errorCode());
        assertEquals("the database is unavailable", e.getMessage());
        assertEquals("req_fault", e.requestId());
        assertEquals(3, server.seen().size());
        List<ManualScheduler.Wait> asked = waits.waits();
        assertEquals(2, asked.size());
        assertTrue(asked.get(0).delayMs >= 375 && asked.get(0).delayMs <= 500, "first " + asked.get(0).delayMs);
        assertTrue(asked.get(1).delayMs >= 750 && asked.get(1).delayMs <= 1000, "second " + asked.get(1).delayMs);
    }

    @Test
    void a429WaitsExactlyItsRetryAfterInEitherForm() {
        Instant now = Instant.parse("2026-11-25T10:00:00Z");
        server.then(json(429, "{\"error\":{\"code\":\"rate_limited\",\"message\":\"slow down\"}}", Map.of("Retry-After",
                "2")));
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.ofInstant(now.plusSeconds(3),
                ZoneOffset.UTC));
        server.then(json(429, "{\"error\":{\"code\":\"rate_limited\",\"message\":\"slow down\"}}", Map.of("Retry-After",
                date)));
        OiChat oichat = TestClients.at(server.url(), waits, Clock.fixed(now, ZoneOffset.UTC)).build();
        assertEquals("room_1", oichat.rooms().get("room_1").roomId());
        assertEquals(List.of(2000L, 3000L), waits.waits().stream().map(w -> w.delayMs).toList());
        assertEquals(3, server.seen().size());
    }

    @Test
    void aRetryAfterOverAMinuteReturnsTheErrorAtOnce() {
        server.always(json(429, "{\"error\":{\"code\":\"rate_limited\",\"message\":\"slow down\"}}",
                Map.of("Retry-After", "120")));
        OiChatApiException e = assertThrows(OiChatApiException.class, () -> client().rooms().get("room_1"));
        assertEquals(429, e.statusCode());
        assertEquals("rate_limited", e.errorCode());
        assertEquals(1, server.seen().size());
        assertTrue(waits.waits().isEmpty());
    }

    @Test
    void a404IsNotRetried() {
        server.always(error(404, "room_not_found", "no such room"));
        OiChatApiException e = assertThrows(OiChatApiException.class, () -> client().rooms().get("nonexistent"));
        assertEquals(404, e.statusCode());
        assertEquals("room_not_found", e.errorCode());
        assertEquals("no such room", e.getMessage());
        assertEquals(1, server.seen().size());
        assertTrue(waits.waits().isEmpty());
    }

    @Test
    void a409IsRetriedOnlyWhileTheKeyIsInProgress() {
        server.then(error(409, "idempotency_in_progress", "still running"));
        assertEquals("room_1", client().rooms().create(PARAMS).roomId());
        assertEquals(2, server.seen().size());
        server.always(error(409, "room_full", "full"));
        OiChatApiException e = assertThrows(OiChatApiException.class,
                () -> client().rooms().addParticipant("room_1", "c"));
        assertEquals("room_full", e.errorCode());
        assertEquals(3, server.seen().size());
    }

    @Test
    void a408IsRetried() {
        server.then(json(408, ""));
        assertEquals("room_1", client().rooms().get("room_1").roomId());
        assertEquals(2, server.seen().size());
    }

    @Test
    void aDroppedConnectionIsRetriedWithTheSameKey() {
        server.then(FaultServer.drop());
        assertEquals("room_1", client().rooms().create(PARAMS).roomId());
        List<FaultServer.Seen> seen = server.seen();
        assertEquals(2, seen.size());
        assertEquals(seen.get(0).header("Idempotency-Key"), seen.get(1).header("Idempotency-Key"));
        assertNotNull(seen.get(1).header("Idempotency-Key"));
    }

    @Test
    void aRefusedConnectionIsANetworkErrorAfterTheRetries() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        OiChat oichat = TestClients.at("http://127.0.0.1:" + port, waits).build();
        OiChatNetworkException e = assertThrows(OiChatNetworkException.class, () -> oichat.rooms().get("room_1"));
        assertFalse(e.timedOut());
        assertTrue(e.getMessage().startsWith("GET http://127.0.0.1:" + port + "/v1/rooms/room_1 failed: "),
                e.getMessage());
        assertEquals("http://127.0.0.1:" + port + "/v1/rooms/room_1", e.url());
        assertTrue(e.getMessage().endsWith("(3 attempts)"), e.getMessage());
        Throwable cause = e.getCause();
        while (cause != null && !(cause instanceof ConnectException)) cause = cause.getCause();
        assertInstanceOf(ConnectException.class, cause, "cause chain: " + e.getCause());
        assertEquals(2, waits.waits().size());
    }

    @Test
    void maxRetriesIsPerClientAndPerCall() {
        server.always(error(503, "internal_error", "down"));
        OiChat none = TestClients.at(server.url(), waits).maxRetries(0).build();
        assertThrows(OiChatServerException.class, () -> none.rooms().get("room_1"));
        assertEquals(1, server.seen().size());
        assertThrows(OiChatServerException.class,
                () -> client().rooms().get("room_1", RequestOptions.builder().maxRetries(4).build()));
        assertEquals(1 + 5, server.seen().size());
    }

    @Test
    void cancellingAnAsyncCallStopsItsRetryWait() throws Exception {
        ManualScheduler manual = new ManualScheduler();
        server.then(error(503, "internal_error", "down"));
        OiChat oichat = TestClients.at(server.url(), manual).build();
        CompletableFuture<Room> call = oichat.async().rooms().create(PARAMS);
        ManualScheduler.Wait wait = manual.awaitWait(1);

        assertTrue(call.cancel(true));
        // The SDK may still be recording the wait when the cancel lands; it cancels it right after.
        io.oichat.testing.TestServer.until(java.time.Duration.ofSeconds(5), () -> wait.cancelled() ? true : null);
        assertFalse(wait.fire(), "a cancelled wait must not start another attempt");
        assertTrue(call.isCancelled());
        // Marker: a later call reaches the server, and the cancelled one never came back.
        oichat.rooms().get("room_1");
        List<FaultServer.Seen> seen = server.seen();
        assertEquals(List.of("POST", "GET"), seen.stream().map(FaultServer.Seen::method).toList());
    }

    @Test
    void theRealSchedulerWaitsBeforeRetrying() throws Exception {
        server.then(error(503, "internal_error", "down"));
        OiChat oichat = OiChat.builder().apiKey("ak_live_test").secretKey("sk_test").projectId("proj_test")
                .baseUrl(server.url()).transportSettings(new TransportSettings()).build();
        assertEquals("room_1", oichat.rooms().get("room_1").roomId());
        List<FaultServer.Seen> seen = server.seen();
        long gapMs = TimeUnit.NANOSECONDS.toMillis(seen.get(1).atNanos() - seen.get(0).atNanos());
        assertTrue(gapMs >= 375, "retried after " + gapMs + " ms, before the 0.375 s minimum backoff");
        // Each attempt is signed anew (the signature covers a fresh timestamp).
        assertNotNull(seen.get(1).header("X-OiChat-Signature"));
    }
}
