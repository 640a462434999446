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
        return real(defaultProject());
    }

    /** A client of the real server with these credentials (another project's, rotated keys), fast retry waits. */
    public static OiChat real(Credentials credentials) {
        return realBuilder(credentials, Clock.systemUTC()).build();
    }

    /** A client of the real server's default project whose requests are signed by {@code clock}'s time. */
    public static OiChat realWithClock(Clock clock) {
        return realBuilder(defaultProject(), clock).build();
    }

    /** A client of the real server's default project whose requests go through {@code baseUrl} (a proxy). */
    public static OiChat realVia(String baseUrl) {
        return realBuilder(defaultProject(), Clock.systemUTC()).baseUrl(baseUrl).build();
    }

    /** A builder for the default project of {@code server} (one started for a single test), with these knobs. */
    public static OiChat.Builder of(TestServer server, TransportSettings settings) {
        return OiChat.builder().apiKey(server.apiKey).secretKey(server.secretKey).projectId(server.projectId)
                .baseUrl(server.baseUrl).transportSettings(settings);
    }

    public static Credentials defaultProject() {
        TestServer server = TestServer.get();
        return new Credentials(server.projectId, server.apiKey, server.secretKey);
    }

    private static OiChat.Builder realBuilder(Credentials credentials, Clock clock) {
        TransportSettings settings = new TransportSettings();
        settings.retryBaseDelayMs = 5;
        settings.retryMaxDelayMs = 20;
        settings.clock = clock;
        return OiChat.builder().apiKey(credentials.apiKey()).secretKey(credentials.secretKey())
                .projectId(credentials.projectId()).baseUrl(TestServer.get().baseUrl).transportSettings(settings);
    }

    /** A project's credentials, as {@code oichat projects create --json} and {@code keys rotate --json} print them. */
    public record Credentials(String projectId, String apiKey, String secretKey) {
        static Credentials parse(String json) {
            try {
                var node = io.oichat.internal.Json.MAPPER.readTree(json);
                return new Credentials(node.get("project_id").asText(), node.get("api_key").asText(),
                        node.get("secret_key").asText());
            } catch (java.io.IOException e) {
                throw new AssertionError("not credentials: " + json, e);
            }
        }
    }

    /** A new project on the real server (made by its CLI, as an operator would): tests that change keys use one. */
    public static Credentials newProject(String name) {
        return Credentials.parse(TestServer.get().cli("projects", "create", "--name", name));
    }

    /** {@code oichat keys rotate}: new api and secret keys for the project; the current ones work on for the grace. */
    public static Credentials rotateKeys(String projectId, int graceHours) {
        return Credentials.parse(TestServer.get().cli("keys", "rotate", "--project", projectId, "--grace-hours",
                Integer.toString(graceHours)));
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
