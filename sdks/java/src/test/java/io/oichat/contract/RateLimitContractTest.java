package io.oichat.contract;

import static io.oichat.TestClients.uid;
import static io.oichat.contract.Assertions.assertApiError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oichat.OiChat;
import io.oichat.RequestOptions;
import io.oichat.TestClients;
import io.oichat.internal.TransportSettings;
import io.oichat.model.CursorPage;
import io.oichat.model.ListRoomsParams;
import io.oichat.model.Room;
import io.oichat.testing.ManualScheduler;
import io.oichat.testing.TestServer;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * 429 from the real server's limiter, not an imitation: a server of its own with
 * {@code --rate-limit 3}. Retry waits go to a scheduler the test reads, so it asserts the wait the
 * SDK chose from the server's Retry-After instead of sleeping it out.
 */
class RateLimitContractTest {
    static TestServer limited;

    @BeforeAll
    static void start() {
        limited = TestServer.startWithRateLimit(3);
    }

    @AfterAll
    static void stop() {
        limited.close();
    }

    @Test
    void pastTheLimitACallWaitsTheServersRetryAfterOrFailsWithRateLimited() throws Exception {
        ManualScheduler waits = new ManualScheduler();
        TransportSettings settings = new TransportSettings();
        settings.retryScheduler = waits;
        OiChat oichat = TestClients.of(limited, settings).build();
        for (int i = 0; i < 3; i++) oichat.rooms().list(ListRoomsParams.forUser(uid("u")));

        // Without retries: the error as the server sent it.
        assertApiError(429, "rate_limited", () -> oichat.rooms().list(ListRoomsParams.forUser(uid("u")),
                RequestOptions.builder().maxRetries(0).build()));
        assertTrue(waits.waits().isEmpty());

        // With retries: the SDK waits what Retry-After says (whole seconds, at most the minute the
        // limit is counted over), not its own backoff of half a second; cancelling stops the wait.
        CompletableFuture<CursorPage<Room>> waiting = oichat.async().rooms().list(ListRoomsParams.forUser(uid("u")));
        ManualScheduler.Wait wait = waits.awaitWait(1);
        assertTrue(wait.delayMs >= 1_000 && wait.delayMs <= 60_000 && wait.delayMs % 1_000 == 0,
                "Retry-After in ms: " + wait.delayMs);
        waiting.cancel(true);
        // The SDK may be between asking for the wait and holding it; it cancels the wait either way.
        TestServer.until(java.time.Duration.ofSeconds(5), () -> wait.cancelled() ? true : null);
        assertTrue(waiting.isCancelled());

        // A Retry-After past the SDK's ceiling (half a second here, 60 s by default) is not slept through.
        TransportSettings impatient = new TransportSettings();
        impatient.retryScheduler = waits;
        impatient.maxRetryAfterMs = 500;
        assertApiError(429, "rate_limited", () -> TestClients.of(limited, impatient).build().rooms().list(
                ListRoomsParams.forUser(uid("u"))));
        assertEquals(1, waits.waits().size(), "no further wait was asked for");
    }
}
