package io.oichat.webhook;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.oichat.OiChatWebhookVerificationException;
import io.oichat.OiChatWebhookVerificationException.Reason;
import io.oichat.internal.Json;
import io.oichat.model.Message;
import io.oichat.model.MessageChange;
import io.oichat.model.Room;
import io.oichat.model.RoomSummary;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies webhook deliveries per the Standard Webhooks specification, exactly as the server signs
 * them and the Node SDK checks them (spec/signing-vectors.json holds the cases all three agree on):
 * {@code webhook-signature} lists one or more {@code v1,<base64 HMAC-SHA256>} (two during a secret
 * rotation) of {@code <webhook-id>.<webhook-timestamp>.<raw body>}, keyed with the base64-decoded
 * bytes after {@code whsec_}; the timestamp must be within 5 minutes of now. Every candidate is
 * compared in constant time. No request is made. Immutable and thread-safe.
 *
 * <pre>{@code
 * WebhookVerifier verifier = WebhookVerifier.builder().secret(System.getenv("OICHAT_WEBHOOK_SECRET")).build();
 * WebhookEvent event = verifier.verify(rawBody, headers); // throws OiChatWebhookVerificationException
 * }</pre>
 */
public final class WebhookVerifier {
    /** The specification's tolerance between the delivery's timestamp and now. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private static final String SECRET_PREFIX = "whsec_";
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{1,12}");
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]*={0,2}");
    private static final TypeReference<Map<String, Integer>> COUNTS = new TypeReference<>() {};

    private final String secret;
    private final Duration tolerance;
    private final Clock clock;

    private WebhookVerifier(Builder builder) {
        this.secret = builder.secret;
        this.tolerance = builder.tolerance;
        this.clock = builder.clock;
        keyBytes(secret); // a malformed secret is a configuration error: say so at start-up
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Checks a delivery: its raw body (before any JSON parsing) and its headers (names in any case). */
    public WebhookEvent verify(byte[] rawBody, Map<String, ?> headers) {
        return verify(rawBody, headers, secret, tolerance, clock);
    }

    public WebhookEvent verify(String rawBody, Map<String, ?> headers) {
        return verify(bytes(rawBody), headers);
    }

    /**
     * The same, with headers read by a function: {@code request::getHeader} (Servlet),
     * {@code exchange.getRequestHeaders()::getFirst} (JDK HttpServer), ….
     */
    public WebhookEvent verify(byte[] rawBody, Function<String, String> headers) {
        return verify(rawBody, headers, secret, tolerance, clock);
    }

    public WebhookEvent verify(String rawBody, Function<String, String> headers) {
        return verify(bytes(rawBody), headers);
    }

    /** The check itself, for callers that hold the secret per call (the client's {@code webhooks().verify}). */
    public static WebhookEvent verify(byte[] rawBody, Map<String, ?> headers, String secret, Duration tolerance,
            Clock clock) {
        Objects.requireNonNull(headers, "headers");
        return verify(rawBody, name -> header(headers, name), secret, tolerance, clock);
    }

    public static WebhookEvent verify(byte[] rawBody, Function<String, String> headers, String secret,
            Duration tolerance, Clock clock) {
        Objects.requireNonNull(headers, "headers");
        String id = headers.apply("webhook-id");
        String timestamp = headers.apply("webhook-timestamp");
        String signatures = headers.apply("webhook-signature");
        if (isEmpty(id) || isEmpty(timestamp) || isEmpty(signatures)) {
            throw new OiChatWebhookVerificationException(Reason.MISSING_HEADER,
                    "webhook-id, webhook-timestamp and webhook-signature headers are all required.");
        }
        if (!TIMESTAMP.matcher(timestamp).matches()) {
            throw new OiChatWebhookVerificationException(Reason.INVALID_TIMESTAMP,
                    "webhook-timestamp must be Unix time in whole seconds.");
        }
        long age = clock.instant().getEpochSecond() - Long.parseLong(timestamp);
        if (age > tolerance.getSeconds()) {
            throw new OiChatWebhookVerificationException(Reason.TIMESTAMP_TOO_OLD,
                    "The delivery is older than the tolerance (a replay?).");
        }
        if (age < -tolerance.getSeconds()) {
            throw new OiChatWebhookVerificationException(Reason.TIMESTAMP_TOO_NEW,
                    "The delivery's timestamp is in the future beyond the tolerance.");
        }
        if (rawBody == null) {
            throw new OiChatWebhookVerificationException(Reason.MALFORMED_PAYLOAD,
                    "rawBody must be the raw request body (before JSON parsing).");
        }

        byte[] expected = hmac(keyBytes(secret), id, timestamp, rawBody);
        boolean matched = false;
        for (String candidate : signatures.split(" ", -1)) {
            // "v1,<sig>[,…]": the version, then the value up to a further comma, as the Node SDK reads it.
            int comma = candidate.indexOf(',');
            if (comma < 0 || !"v1".equals(candidate.substring(0, comma))) continue;
            int end = candidate.indexOf(',', comma + 1);
            String value = candidate.substring(comma + 1, end < 0 ? candidate.length() : end);
            if (value.isEmpty()) continue;
            byte[] signature = fromBase64(value);
            // Every candidate is checked, not just until a match, so timing does not tell which one matched.
            if (signature != null && MessageDigest.isEqual(expected, signature)) matched = true;
        }
        if (!matched) {
            throw new OiChatWebhookVerificationException(Reason.INVALID_SIGNATURE,
                    "No webhook-signature matches this body and secret.");
        }
        return parseEvent(rawBody, id);
    }

    private static WebhookEvent parseEvent(byte[] rawBody, String id) {
        JsonNode event;
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(rawBody)).toString();
            event = Json.MAPPER.readTree(text);
        } catch (java.io.IOException e) {
            throw new OiChatWebhookVerificationException(Reason.MALFORMED_PAYLOAD, "The signed body is not JSON.");
        }
        JsonNode data = event == null ? null : event.get("data");
        if (event == null || !event.isObject() || !event.path("type").isTextual() || !event.path("id").isTextual()
                || !id.equals(event.get("id").asText()) || data == null
                || !(data.isObject() || data.isArray() || data.isNull())) {
            throw new OiChatWebhookVerificationException(Reason.MALFORMED_PAYLOAD,
                    "The signed body is not an OiChat event for this webhook-id.");
        }
        try {
            return typed(event, data);
        } catch (java.io.IOException | RuntimeException e) {
            throw new OiChatWebhookVerificationException(Reason.MALFORMED_PAYLOAD,
                    "The signed body's data does not have the shape of a " + event.get("type").asText() + " event.");
        }
    }

    private static WebhookEvent typed(JsonNode event, JsonNode data) throws java.io.IOException {
        String id = event.get("id").asText();
        String type = event.get("type").asText();
        Instant timestamp = event.path("timestamp").isTextual() ? Instant.parse(event.get("timestamp").asText())
                : null;
        String projectId = event.path("project_id").isTextual() ? event.get("project_id").asText() : null;
        switch (type) {
            case "message.created":
                return new WebhookEvent.MessageCreated(id, timestamp, projectId, value(data, "message", Message.class),
                        value(data, "root", MessageChange.class));
            case "message.updated":
                return new WebhookEvent.MessageUpdated(id, timestamp, projectId, value(data, "message", Message.class),
                        number(data, "change_seq"));
            case "message.deleted":
                return new WebhookEvent.MessageDeleted(id, timestamp, projectId, value(data, "message", Message.class),
                        number(data, "change_seq"));
            case "reaction.added":
            case "reaction.removed": {
                String roomId = value(data, "room_id", String.class);
                String messageId = value(data, "message_id", String.class);
                String userId = value(data, "user_id", String.class);
                String reaction = value(data, "reaction", String.class);
                Map<String, Integer> reactions = Json.MAPPER.convertValue(data.get("reactions"), COUNTS);
                Message message = value(data, "message", Message.class);
                long changeSeq = number(data, "change_seq");
                return type.equals("reaction.added")
                        ? new WebhookEvent.ReactionAdded(id, timestamp, projectId, roomId, messageId, userId, reaction,
                                reactions, message, changeSeq)
                        : new WebhookEvent.ReactionRemoved(id, timestamp, projectId, roomId, messageId, userId,
                                reaction, reactions, message, changeSeq);
            }
            case "message.pinned":
                return new WebhookEvent.MessagePinned(id, timestamp, projectId, value(data, "message", Message.class),
                        number(data, "change_seq"), value(data, "pinned_by", String.class));
            case "message.unpinned":
                return new WebhookEvent.MessageUnpinned(id, timestamp, projectId,
                        value(data, "message", Message.class), number(data, "change_seq"),
                        value(data, "unpinned_by", String.class));
            case "room.created":
                return new WebhookEvent.RoomCreated(id, timestamp, projectId, value(data, "room", Room.class));
            case "room.updated":
                return new WebhookEvent.RoomUpdated(id, timestamp, projectId, value(data, "room", RoomSummary.class));
            case "room.deleted":
                return new WebhookEvent.RoomDeleted(id, timestamp, projectId, value(data, "room", Room.class));
            case "participant.added":
                return new WebhookEvent.ParticipantAdded(id, timestamp, projectId, value(data, "room_id", String.class),
                        value(data, "user_id", String.class), value(data, "room", RoomSummary.class));
            case "participant.removed":
                return new WebhookEvent.ParticipantRemoved(id, timestamp, projectId,
                        value(data, "room_id", String.class), value(data, "user_id", String.class),
                        value(data, "room", RoomSummary.class));
            case "messages.redacted":
                return new WebhookEvent.MessagesRedacted(id, timestamp, projectId,
                        value(data, "room_id", String.class), value(data, "sender_id", String.class),
                        number(data, "up_to_seq"), number(data, "redacted_count"),
                        value(data, "redacted_at", Instant.class));
            default:
                Map<String, Object> raw = data.isObject()
                        ? Json.MAPPER.convertValue(data, new TypeReference<Map<String, Object>>() {})
                        : Map.of();
                return new WebhookEvent.Other(id, type, timestamp, projectId, raw);
        }
    }

    private static <T> T value(JsonNode data, String field, Class<T> type) throws java.io.IOException {
        JsonNode node = data.get(field);
        return node == null || node.isNull() ? null : Json.MAPPER.treeToValue(node, type);
    }

    /** A count the event must carry: its absence is a malformed payload, not a zero. */
    private static long number(JsonNode data, String field) {
        JsonNode node = data.get(field);
        if (node == null || !node.canConvertToLong()) {
            throw new IllegalArgumentException("the event's " + field + " is not a number");
        }
        return node.asLong();
    }

    private static byte[] hmac(byte[] key, String id, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("OiChat: this JVM has no HmacSHA256", e);
        }
    }

    private static byte[] keyBytes(String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new OiChatWebhookVerificationException(Reason.MALFORMED_SECRET, "The webhook secret is missing.");
        }
        byte[] bytes = fromBase64(secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret);
        if (bytes == null || bytes.length == 0) {
            throw new OiChatWebhookVerificationException(Reason.MALFORMED_SECRET,
                    "The webhook secret is not \"whsec_\" followed by base64.");
        }
        return bytes;
    }

    private static byte[] fromBase64(String text) {
        if (!BASE64.matcher(text).matches() || text.length() % 4 != 0) return null;
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A header by name in any case; the first value of a multi-valued one (a list or an array). */
    static String header(Map<String, ?> headers, String name) {
        Object value = headers.get(name);
        if (value == null) {
            for (Map.Entry<String, ?> entry : headers.entrySet()) {
                if (entry.getKey() != null && entry.getKey().toLowerCase(Locale.ROOT).equals(name)) {
                    value = entry.getValue();
                    break;
                }
            }
        }
        if (value instanceof Collection<?> values) value = values.isEmpty() ? null : values.iterator().next();
        if (value instanceof String[] values) value = values.length == 0 ? null : values[0];
        return value == null ? null : value.toString();
    }

    private static boolean isEmpty(String value) {
        return value == null || value.isEmpty();
    }

    private static byte[] bytes(String rawBody) {
        return rawBody == null ? null : rawBody.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "WebhookVerifier(tolerance=" + tolerance + ")";
    }

    public static final class Builder {
        private String secret;
        private Duration tolerance = DEFAULT_TOLERANCE;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /** The endpoint's signing secret, {@code whsec_…}, from {@code webhooks().create} or {@code rotateSecret}. */
        public Builder secret(String secret) {
            this.secret = secret;
            return this;
        }

        /** How far a delivery's timestamp may be from now, either way; default 5 minutes. */
        public Builder tolerance(Duration tolerance) {
            if (tolerance == null || tolerance.isNegative()) {
                throw new IllegalArgumentException("OiChat: tolerance must be a non-negative duration");
            }
            this.tolerance = tolerance;
            return this;
        }

        /** The clock "now" is read from (tests). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Throws {@link OiChatWebhookVerificationException} ({@code MALFORMED_SECRET}) for a missing or
         * malformed secret.
         */
        public WebhookVerifier build() {
            return new WebhookVerifier(this);
        }
    }
}
