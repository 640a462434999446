package io.oichat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oichat.internal.RetryPolicy;
import io.oichat.model.CreateRoomParams;
import io.oichat.model.RoomType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The builder's and the per-call options' rules, fromEnv, and the retry policy's arithmetic. */
class ConfigTest {
    static final String VISIBLE = "followed by visible ASCII characters, without spaces";

    static OiChat.Builder valid() {
        return OiChat.builder().apiKey("ak_live_xxxxxxxxxxxx").secretKey("sk_xxxxxxxxxxxx")
                .projectId("proj_xxxxxxxxxxxx");
    }

    @Test
    void hasTheNodeSdksDefaults() {
        OiChat oichat = valid().build();
        assertEquals("https://api.oichatapi.com", oichat.baseUrl());
        assertEquals(Duration.ofSeconds(10), oichat.timeout());
        assertEquals(2, oichat.maxRetries());
        assertEquals("proj_xxxxxxxxxxxx", oichat.projectId());
    }

    @Test
    void neverPrintsTheSecretOrTheApiKey() {
        OiChat oichat = valid().baseUrl("http://127.0.0.1:8080/").build();
        assertEquals("OiChat(proj_xxxxxxxxxxxx @ http://127.0.0.1:8080, timeout=PT10S, maxRetries=2)",
                oichat.toString());
        assertFalse(valid().toString().contains("sk_"));
    }

    @ParameterizedTest
    @CsvSource({
        "apiKey, '', OiChat: config.apiKey is required",
        "apiKey, sk_swapped, 'OiChat: config.apiKey is malformed: expected \"ak_\" " + VISIBLE + "'",
        "secretKey, 'sk_with space', 'OiChat: config.secretKey is malformed: expected \"sk_\" " + VISIBLE + "'",
        "projectId, prj-1, 'OiChat: config.projectId is malformed: expected \"proj_\" " + VISIBLE + "'",
        "baseUrl, ftp://example.com, OiChat: config.baseUrl must be an http(s) URL",
        "baseUrl, 'http://exa mple.com', OiChat: config.baseUrl is not a valid URL",
        "baseUrl, https://example.com/?a=1, 'OiChat: config.baseUrl must not carry credentials, a query or a fragment'",
        "baseUrl, https://user:pw@example.com, "
                + "'OiChat: config.baseUrl must not carry credentials, a query or a fragment'",
    })
    void namesTheFieldAndNeverTheValue(String field, String value, String message) {
        OiChat.Builder builder = valid();
        switch (field) {
            case "apiKey" -> builder.apiKey(value);
            case "secretKey" -> builder.secretKey(value);
            case "projectId" -> builder.projectId(value);
            default -> builder.baseUrl(value);
        }
        OiChatConfigException e = assertThrows(OiChatConfigException.class, builder::build);
        assertEquals(field, e.field());
        assertEquals(message, e.getMessage());
        if (!value.isEmpty() && !field.equals("baseUrl")) assertFalse(e.getMessage().contains(value));
    }

    @Test
    void checksTimeoutAndMaxRetries() {
        assertEquals("timeout", assertThrows(OiChatConfigException.class,
                () -> valid().timeout(Duration.ZERO).build()).field());
        assertEquals("timeout", assertThrows(OiChatConfigException.class,
                () -> valid().timeout(Duration.ofDays(30)).build()).field());
        assertEquals("maxRetries", assertThrows(OiChatConfigException.class,
                () -> valid().maxRetries(-1).build()).field());
        assertEquals(0, valid().maxRetries(0).build().maxRetries());
    }

    @Test
    void checksRequestOptions() {
        assertEquals("idempotencyKey", assertThrows(OiChatConfigException.class,
                () -> RequestOptions.idempotencyKey("has space")).field());
        assertEquals("idempotencyKey", assertThrows(OiChatConfigException.class,
                () -> RequestOptions.idempotencyKey("k".repeat(256))).field());
        assertEquals("timeout", assertThrows(OiChatConfigException.class,
                () -> RequestOptions.builder().timeout(Duration.ofMillis(-1)).build()).field());
        assertEquals("maxRetries", assertThrows(OiChatConfigException.class,
                () -> RequestOptions.builder().maxRetries(-2).build()).field());
        RequestOptions options = RequestOptions.builder().idempotencyKey("k".repeat(255)).maxRetries(0).build();
        assertEquals(options, options.toBuilder().build());
    }

    @Test
    void readsTheEnvironment() {
        Map<String, String> env = new HashMap<>();
        OiChatConfigException missing = assertThrows(OiChatConfigException.class, () -> OiChat.fromEnv(env));
        assertEquals("OICHAT_API_KEY", missing.field());
        assertEquals("OiChat: environment variable OICHAT_API_KEY is not set", missing.getMessage());
        env.put("OICHAT_API_KEY", "ak_live_1");
        env.put("OICHAT_SECRET_KEY", "secret");
        OiChatConfigException malformed = assertThrows(OiChatConfigException.class, () -> OiChat.fromEnv(env));
        assertEquals("OICHAT_SECRET_KEY", malformed.field());
        assertFalse(malformed.getMessage().contains("secret\""));
        env.put("OICHAT_SECRET_KEY", "sk_1");
        env.put("OICHAT_PROJECT_ID", "proj_1");
        assertEquals("https://api.oichatapi.com", OiChat.fromEnv(env).baseUrl());
        env.put("OICHAT_BASE_URL", "http://127.0.0.1:8080/chat/");
        assertEquals("http://127.0.0.1:8080/chat", OiChat.fromEnv(env).baseUrl());
    }

    @Test
    void paramsRefuseAMissingRequiredValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CreateRoomParams.builder().participants("a", "b").build());
        assertEquals("OiChat: CreateRoomParams.type is required", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> CreateRoomParams.builder().type(RoomType.UNKNOWN).participants("a", "b").build());
    }

    @Test
    void backoffDoublesFromHalfASecondUpToEightSecondsMinusUpToAQuarter() {
        long[] full = new long[7];
        long[] jittered = new long[7];
        for (int retry = 0; retry < 7; retry++) {
            full[retry] = RetryPolicy.computeBackoff(retry, 500, 8000, 0);
            jittered[retry] = RetryPolicy.computeBackoff(retry, 500, 8000, 1);
        }
        assertEquals("[500, 1000, 2000, 4000, 8000, 8000, 8000]", java.util.Arrays.toString(full));
        assertEquals("[375, 750, 1500, 3000, 6000, 6000, 6000]", java.util.Arrays.toString(jittered));
    }

    @Test
    void readsRetryAfterInBothForms() {
        Instant now = Instant.parse("2026-11-25T10:00:00Z");
        assertEquals(OptionalLong.of(2000), RetryPolicy.parseRetryAfter("2", now));
        assertEquals(OptionalLong.of(1500), RetryPolicy.parseRetryAfter(" 1.5 ", now));
        assertEquals(OptionalLong.of(30_000), RetryPolicy.parseRetryAfter("Wed, 25 Nov 2026 10:00:30 GMT", now));
        assertEquals(OptionalLong.of(0), RetryPolicy.parseRetryAfter("Wed, 25 Nov 2026 09:00:00 GMT", now));
        assertTrue(RetryPolicy.parseRetryAfter("-1", now).isEmpty());
        assertTrue(RetryPolicy.parseRetryAfter("soon", now).isEmpty());
        assertTrue(RetryPolicy.parseRetryAfter(null, now).isEmpty());
    }

    @Test
    void theVersionIsThePoms() throws Exception {
        String pom = Files.readString(Path.of(System.getProperty("oichat.sdkDir"), "pom.xml"));
        String coordinates = "<artifactId>oichat-server-sdk</artifactId>\n    <version>" + OiChat.VERSION
                + "</version>";
        assertTrue(pom.contains(coordinates),
                "pom.xml's version is " + OiChat.VERSION);
    }
}
