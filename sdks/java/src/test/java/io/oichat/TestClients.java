package io.oichat;

import io.oichat.internal.Scheduler;
import io.oichat.internal.TransportSettings;
import io.oichat.testing.TestServer;
import java.time.Clock;
import java.util.UUID;

/** Clients for the tests: against the real server, or any URL, with the SDK's test knobs. */
public final class TestClients {
    private TestClients() {}

    /** A client of the real server's default project, with fast retry waits. */
    public static OiChat real() {
        return real(OiChat.builder());
    }

    public static OiChat real(OiChat.Builder builder) {
        TestServer server = TestServer.get();
        TransportSettings settings = new TransportSettings();
        settings.retryBaseDelayMs = 5;
        settings.retryMaxDelayMs = 20;
        return builder.apiKey(server.apiKey).secretKey(server.secretKey).projectId(server.projectId)
                .baseUrl(server.baseUrl).transportSettings(settings).build();
    }

    /** A builder pointed at {@code baseUrl} with made-up credentials and the given retry scheduler. */
    public static OiChat.Builder at(String baseUrl, Scheduler retries) {
        return at(baseUrl, retries, Clock.systemUTC());
    }

    public static OiChat.Builder at(String baseUrl, Scheduler retries, Clock clock) {
        TransportSettings settings = new TransportSettings();
        settings.retryScheduler = retries;
        settings.clock = clock;
        return OiChat.builder().apiKey("ak_live_test").secretKey("sk_test_secret").projectId("proj_test")
                .baseUrl(baseUrl).transportSettings(settings);
    }

    /** A user id no other test uses. */
    public static String uid(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
