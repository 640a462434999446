package io.oichat.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.oichat.OiChatWebhookVerificationException;
import io.oichat.OiChatWebhookVerificationException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The event shapes the verifier types, on bodies signed here as the server signs them (the real
 * server's deliveries are checked in WebhooksContractTest; the signature rules in SigningVectorsTest).
 */
class WebhookVerifierTest {
    static final byte[] KEY = "a webhook secret of this test".getBytes(StandardCharsets.UTF_8);
    static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(KEY);
    static final Instant NOW = Instant.parse("2026-12-03T08:00:00Z");
    static final WebhookVerifier VERIFIER = WebhookVerifier.builder().secret(SECRET)
            .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();

    static WebhookEvent deliver(String id, String body) throws Exception {
        String timestamp = Long.toString(NOW.getEpochSecond());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        byte[] signature = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
        return VERIFIER.verify(body, Map.of("webhook-id", id, "webhook-timestamp", timestamp, "webhook-signature",
                "v1," + Base64.getEncoder().encodeToString(signature)));
    }

    static String event(String id, String type, String data) {
        return "{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"timestamp\":\"2026-12-03T07:59:59.123Z\","
                + "\"project_id\":\"proj_1\",\"data\":" + data + "}";
    }

    @Test
    void typesAMessagesRedactedEvent() throws Exception {
        WebhookEvent.MessagesRedacted redacted = assertInstanceOf(WebhookEvent.MessagesRedacted.class,
                deliver("evt_1", event("evt_1", "messages.redacted", "{\"room_id\":\"room_1\",\"sender_id\":\"u-1\","
                        + "\"up_to_seq\":42,\"redacted_count\":7,\"redacted_at\":\"2026-12-03T07:59:58.000Z\"}")));
        assertEquals(new WebhookEvent.MessagesRedacted("evt_1", Instant.parse("2026-12-03T07:59:59.123Z"), "proj_1",
                "room_1", "u-1", 42, 7, Instant.parse("2026-12-03T07:59:58Z")), redacted);
    }

    @Test
    void aKnownTypeWithoutItsCountsIsAMalformedPayload() {
        OiChatWebhookVerificationException e = assertThrows(OiChatWebhookVerificationException.class,
                () -> deliver("evt_2", event("evt_2", "messages.redacted", "{\"room_id\":\"room_1\","
                        + "\"up_to_seq\":\"many\"}")));
        assertEquals(Reason.MALFORMED_PAYLOAD, e.reason());
    }

    @Test
    void anEventTypeThisVersionDoesNotKnowArrivesAsOtherWithItsDataReadOnly() throws Exception {
        // A newer server's event does not break an older SDK.
        WebhookEvent.Other other = assertInstanceOf(WebhookEvent.Other.class, deliver("evt_3", event("evt_3",
                "message.translated", "{\"message\":{\"message_id\":\"msg_1\",\"tags\":[\"a\"]}}")));
        assertEquals("message.translated", other.type());
        assertEquals(Map.of("message", Map.of("message_id", "msg_1", "tags", List.of("a"))), other.data());
        assertThrows(UnsupportedOperationException.class, () -> other.data().put("x", 1));
    }

    @Test
    void aChangeEventWithoutItsChangeNumberIsAMalformedPayload() {
        String message = "{\"message_id\":\"msg_1\",\"room_id\":\"room_1\",\"seq\":1,\"content\":\"\"}";
        for (String type : List.of("message.updated", "message.deleted", "message.pinned", "reaction.added")) {
            OiChatWebhookVerificationException e = assertThrows(OiChatWebhookVerificationException.class,
                    () -> deliver("evt_5", event("evt_5", type, "{\"message\":" + message + "}")), type);
            assertEquals(Reason.MALFORMED_PAYLOAD, e.reason());
        }
    }

    @Test
    void aReactionEventReadsItsCountsReadOnly() throws Exception {
        WebhookEvent.ReactionAdded added = assertInstanceOf(WebhookEvent.ReactionAdded.class, deliver("evt_6",
                event("evt_6", "reaction.added", "{\"room_id\":\"room_1\",\"message_id\":\"msg_1\","
                        + "\"user_id\":\"u-1\",\"reaction\":\"👍\",\"reactions\":{\"👍\":3,\"ok\":1},"
                        + "\"message\":{\"message_id\":\"msg_1\",\"seq\":9,\"reactions\":{\"👍\":3,\"ok\":1}},"
                        + "\"change_seq\":12}")));
        assertEquals(Map.of("👍", 3, "ok", 1), added.reactions());
        assertEquals(added.reactions(), added.message().reactions());
        assertEquals(List.of(), added.message().mentions(), "absent lists read as empty");
        assertEquals(12, added.changeSeq());
        assertThrows(UnsupportedOperationException.class, () -> added.reactions().put("x", 1));
    }

    @Test
    void aRoomSummaryEventReadsWithoutAParticipantList() throws Exception {
        WebhookEvent.ParticipantAdded added = assertInstanceOf(WebhookEvent.ParticipantAdded.class, deliver("evt_4",
                event("evt_4", "participant.added", "{\"room_id\":\"room_1\",\"user_id\":\"u-2\",\"room\":{"
                        + "\"room_id\":\"room_1\",\"type\":\"group\",\"name\":null,\"status\":\"open\","
                        + "\"metadata\":{},\"participant_count\":10000,\"message_count\":3,\"last_seq\":3,"
                        + "\"created_at\":\"2026-12-01T00:00:00.000Z\",\"updated_at\":\"2026-12-01T00:00:00.000Z\","
                        + "\"last_message_at\":null}}")));
        assertEquals("u-2", added.userId());
        assertEquals(10_000, added.room().participantCount());
        assertEquals(3, added.room().lastSeq());
    }
}
