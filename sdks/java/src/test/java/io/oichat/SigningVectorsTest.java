package io.oichat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.oichat.internal.ApiRequest;
import io.oichat.internal.Json;
import io.oichat.internal.RequestSigning;
import io.oichat.internal.Sync;
import io.oichat.internal.Transport;
import io.oichat.internal.TransportSettings;
import io.oichat.internal.UrlPath;
import io.oichat.testing.FaultServer;
import io.oichat.testing.TestServer;
import io.oichat.webhook.WebhookEvent;
import io.oichat.webhook.WebhookVerifier;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The SDK against spec/signing-vectors.json, the protocol statement the server and the Node SDK
 * test against too: the signer gives each vector's hash, string to sign and signature; the
 * transport sends each vector's request with exactly its headers to exactly its target; webhook
 * verification accepts every valid delivery and refuses every invalid one with its reason.
 */
class SigningVectorsTest {
    private static JsonNode vectors;
    private static FaultServer capture;

    static synchronized JsonNode vectors() throws IOException {
        if (vectors == null) {
            vectors = Json.MAPPER.readTree(Files.readAllBytes(TestServer.repoRoot().resolve(
                    "spec/signing-vectors.json")));
        }
        return vectors;
    }

    @BeforeAll
    static void start() throws IOException {
        capture = new FaultServer();
    }

    @AfterAll
    static void close() {
        capture.close();
    }

    static Stream<Arguments> requests() throws IOException {
        return stream(vectors().at("/request_signing/valid"));
    }

    static Stream<Arguments> validDeliveries() throws IOException {
        return stream(vectors().at("/webhook_verification/valid"));
    }

    static Stream<Arguments> invalidDeliveries() throws IOException {
        return stream(vectors().at("/webhook_verification/invalid"));
    }

    private static Stream<Arguments> stream(JsonNode list) {
        List<Arguments> out = new ArrayList<>();
        list.forEach(v -> out.add(Arguments.of(v.get("name").asText(), v)));
        return out.stream();
    }

    @Test
    void theFileHasVectorsOfEveryKind() throws IOException {
        JsonNode vectors = vectors();
        assertTrue(vectors.at("/request_signing/valid").size() > 3);
        assertTrue(vectors.at("/webhook_verification/valid").size() > 3);
        assertTrue(vectors.at("/webhook_verification/invalid").size() > 5);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void signsAsTheVectorSays(String name, JsonNode v) {
        byte[] body = v.get("body").asText().getBytes(StandardCharsets.UTF_8);
        String bodySha256 = RequestSigning.sha256Hex(body);
        assertEquals(v.get("body_sha256").asText(), bodySha256);
        String timestamp = v.get("timestamp").asText();
        String nonce = v.get("nonce").asText();
        String method = v.get("method").asText();
        String target = v.get("path_with_query").asText();
        String key = v.get("idempotency_key").isNull() ? null : v.get("idempotency_key").asText();
        assertEquals(v.get("string_to_sign").asText(),
                RequestSigning.stringToSign(timestamp, nonce, method, target, key, bodySha256));
        assertEquals(v.get("signature").asText(),
                new RequestSigning(v.get("secret_key").asText()).sign(timestamp, nonce, method, target, key,
                        bodySha256));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void sendsTheVectorsHeadersToItsTarget(String name, JsonNode v) throws Exception {
        String target = v.get("path_with_query").asText();
        String[] pathAndQuery = target.split("\\?", 2);
        int v1 = pathAndQuery[0].indexOf("/v1/");
        // The prefix goes into the base URL; segments and query values are decoded and given to
        // the SDK's own encoder, which must give back the vector's bytes.
        String[] segments = pathAndQuery[0].substring(v1 + "/v1/".length()).split("/");
        UrlPath path = UrlPath.of("/v1/" + segments[0]);
        for (int i = 1; i < segments.length; i++) {
            path.segment("segment", URLDecoder.decode(segments[i], StandardCharsets.UTF_8));
        }
        if (pathAndQuery.length == 2) {
            for (String pair : pathAndQuery[1].split("&")) {
                String[] kv = pair.split("=", 2);
                path.query(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1],
                        StandardCharsets.UTF_8));
            }
        }
        String bodyText = v.get("body").asText();
        Object body = bodyText.isEmpty() ? null : Json.MAPPER.readTree(bodyText);
        TransportSettings settings = new TransportSettings();
        Instant signedAt = Instant.ofEpochSecond(Long.parseLong(v.get("timestamp").asText()));
        settings.clock = Clock.fixed(signedAt, ZoneOffset.UTC);
        String nonce = v.get("nonce").asText();
        settings.nonces = () -> nonce;
        Transport transport = new Transport(URI.create(capture.url() + pathAndQuery[0].substring(0, v1)),
                v.get("project_id").asText(), v.get("api_key").asText(), v.get("secret_key").asText(),
                Duration.ofSeconds(5), 0, settings);
        RequestOptions options = v.get("idempotency_key").isNull() ? RequestOptions.none()
                : RequestOptions.idempotencyKey(v.get("idempotency_key").asText());
        int before = capture.seen().size();
        Sync.await(transport.send(new ApiRequest<Void>(v.get("method").asText(), path, body, null), options));

        FaultServer.Seen seen = capture.awaitSeen(before + 1).get(before);
        assertEquals(v.get("method").asText(), seen.method());
        assertEquals(target, seen.target());
        assertArrayEquals(bodyText.getBytes(StandardCharsets.UTF_8), seen.body());
        Map<String, String> expected = new LinkedHashMap<>();
        v.get("headers").properties().forEach(e -> expected.put(e.getKey(), e.getValue().asText()));
        for (Map.Entry<String, String> header : expected.entrySet()) {
            assertEquals(header.getValue(), seen.header(header.getKey()), header.getKey());
        }
        if (!expected.containsKey("Idempotency-Key")) assertNull(seen.header("Idempotency-Key"));
    }

    private static Map<String, String> headers(JsonNode v) {
        Map<String, String> headers = new LinkedHashMap<>();
        v.get("headers").properties().forEach(e -> headers.put(e.getKey(), e.getValue().asText()));
        return headers;
    }

    private static Clock at(JsonNode v) {
        return Clock.fixed(Instant.ofEpochSecond(v.get("now").asLong()), ZoneOffset.UTC);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validDeliveries")
    void acceptsTheValidDelivery(String name, JsonNode v) {
        byte[] body = v.get("body").asText().getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = headers(v);
        WebhookEvent event = WebhookVerifier.verify(body, headers, v.get("secret").asText(),
                WebhookVerifier.DEFAULT_TOLERANCE, at(v));
        assertEquals(v.get("event_id").asText(), event.id());
        assertEquals(v.get("event_type").asText(), event.type());
        // The same through a verifier built once, with headers read by a function (names in other case).
        WebhookVerifier verifier = WebhookVerifier.builder().secret(v.get("secret").asText()).clock(at(v)).build();
        Map<String, String> upper = new LinkedHashMap<>();
        headers.forEach((k, value) -> upper.put(k.toUpperCase(java.util.Locale.ROOT), value));
        assertEquals(event, verifier.verify(body, upper));
        assertEquals(event, verifier.verify(v.get("body").asText(), n -> headers.get(n)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidDeliveries")
    void refusesTheInvalidDelivery(String name, JsonNode v) {
        OiChatWebhookVerificationException error = assertThrows(OiChatWebhookVerificationException.class,
                () -> WebhookVerifier.verify(v.get("body").asText().getBytes(StandardCharsets.UTF_8), headers(v),
                        v.get("secret").asText(), WebhookVerifier.DEFAULT_TOLERANCE, at(v)));
        assertEquals(v.get("reason").asText(), error.reason().code());
    }
}
