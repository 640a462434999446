package io.oichat.contract;

import static io.oichat.TestClients.uid;
import static io.oichat.contract.Assertions.assertApiError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oichat.OiChat;
import io.oichat.OiChatWebhookVerificationException;
import io.oichat.TestClients;
import io.oichat.model.CreateRoomParams;
import io.oichat.model.CreateTokenParams;
import io.oichat.model.DeleteUserParams;
import io.oichat.model.CreateWebhookParams;
import io.oichat.model.CreatedWebhookEndpoint;
import io.oichat.model.CursorPage;
import io.oichat.model.Message;
import io.oichat.model.Room;
import io.oichat.model.RoomStatus;
import io.oichat.model.RoomSummary;
import io.oichat.model.RoomType;
import io.oichat.model.SendMessageParams;
import io.oichat.model.UpdateRoomParams;
import io.oichat.model.UpdateWebhookParams;
import io.oichat.model.WebhookAttempt;
import io.oichat.model.WebhookDeliveryStatus;
import io.oichat.model.WebhookEventType;
import io.oichat.testing.TestServer;
import io.oichat.testing.WebhookReceiver;
import io.oichat.webhook.WebhookEvent;
import io.oichat.webhook.WebhookVerifier;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * webhooks(): endpoints managed through the real server, and its real deliveries (made to a JDK
 * HttpServer on loopback) verified and typed by the SDK.
 */
class WebhooksContractTest {
    final OiChat oichat = TestClients.real();
    WebhookReceiver receiver;
    CreatedWebhookEndpoint endpoint;

    @BeforeEach
    void register() throws Exception {
        receiver = new WebhookReceiver();
        endpoint = oichat.webhooks().create(CreateWebhookParams.builder().url(receiver.url()).description("java sdk")
                .eventTypes(WebhookEventType.ROOM_CREATED, WebhookEventType.MESSAGE_CREATED,
                        WebhookEventType.PARTICIPANT_ADDED)
                .build());
    }

    @AfterEach
    void close() {
        // Every test's endpoint goes, so the next test's deliveries are not mixed with these.
        try {
            oichat.webhooks().delete(endpoint.endpointId());
        } catch (RuntimeException e) {
            // already deleted by the test
        }
        receiver.close();
    }

    @Test
    void verifiesAndTypesTheServersDeliveries() {
        assertTrue(endpoint.secret().startsWith("whsec_"));
        assertFalse(endpoint.toString().contains(endpoint.secret()));
        String user = uid("user");
        Room room = oichat.rooms().create(CreateRoomParams.builder().type(RoomType.GROUP).participants(user, uid("a"))
                .build());
        Message message = oichat.messages().send(SendMessageParams.builder().roomId(room.roomId()).senderId(user)
                .content("배송은 언제 오나요? 🚚").build());
        String third = uid("user");
        oichat.rooms().addParticipant(room.roomId(), third);

        WebhookReceiver.Delivery first = receiver.next();
        WebhookEvent created = oichat.webhooks().verify(first.body(), first.headers(), endpoint.secret());
        WebhookEvent.RoomCreated roomCreated = assertInstanceOf(WebhookEvent.RoomCreated.class, created);
        assertEquals(room, roomCreated.room());
        assertEquals(oichat.projectId(), roomCreated.projectId());
        assertEquals(first.headers().get("Webhook-id").get(0), created.id());

        WebhookReceiver.Delivery second = receiver.next();
        WebhookEvent.MessageCreated sent = assertInstanceOf(WebhookEvent.MessageCreated.class,
                oichat.webhooks().verify(second.body(), second.headers(), endpoint.secret()));
        assertEquals(message, sent.message());

        WebhookReceiver.Delivery thirdDelivery = receiver.next();
        WebhookEvent.ParticipantAdded added = assertInstanceOf(WebhookEvent.ParticipantAdded.class,
                WebhookVerifier.builder().secret(endpoint.secret()).build().verify(thirdDelivery.body(),
                        thirdDelivery.headers()));
        assertEquals(third, added.userId());
        assertEquals(room.roomId(), added.roomId());
        assertEquals(3, added.room().participantCount());

        // A byte changed, or another secret: refused.
        byte[] tampered = Arrays.copyOf(second.body(), second.body().length);
        tampered[tampered.length - 2] ^= 1;
        assertEquals(OiChatWebhookVerificationException.Reason.INVALID_SIGNATURE, assertThrows(
                OiChatWebhookVerificationException.class,
                () -> oichat.webhooks().verify(tampered, second.headers(), endpoint.secret())).reason());
        String otherSecret = oichat.webhooks().create(CreateWebhookParams.builder().url(receiver.url()).enabled(false)
                .build()).secret();
        assertThrows(OiChatWebhookVerificationException.class,
                () -> oichat.webhooks().verify(second.body(), second.headers(), otherSecret));
    }

    @Test
    void changesArriveWithTheRoomWithoutItsMembersAndRedactionsAsTheirOwnEvent() {
        oichat.webhooks().update(endpoint.endpointId(), UpdateWebhookParams.builder().eventTypes(
                WebhookEventType.ROOM_UPDATED, WebhookEventType.PARTICIPANT_REMOVED,
                WebhookEventType.MESSAGES_REDACTED).build());
        String leaving = uid("leaving");
        String agent = uid("agent");
        oichat.auth().createToken(CreateTokenParams.builder().userId(leaving).build());
        Room room = oichat.rooms().create(CreateRoomParams.builder().type(RoomType.GROUP).participants(leaving, agent,
                uid("c")).build());
        Message said = oichat.messages().send(SendMessageParams.builder().roomId(room.roomId()).senderId(leaving)
                .content("my card number is …").build());
        Room resolved = oichat.rooms().update(room.roomId(), UpdateRoomParams.builder().status(RoomStatus.RESOLVED)
                .build());
        oichat.users().delete(leaving, DeleteUserParams.redactMessages());

        WebhookEvent.RoomUpdated updated = assertInstanceOf(WebhookEvent.RoomUpdated.class, verify(receiver.next()));
        RoomSummary summary = updated.room();
        assertEquals(new RoomSummary(resolved.roomId(), resolved.type(), resolved.name(), resolved.status(),
                resolved.metadata(), resolved.participantCount(), resolved.messageCount(), resolved.lastSeq(),
                resolved.createdAt(), resolved.updatedAt(), resolved.lastMessageAt()), summary);

        // The redaction comes before the removal it caused.
        WebhookEvent.MessagesRedacted redacted = assertInstanceOf(WebhookEvent.MessagesRedacted.class,
                verify(receiver.next()));
        assertEquals("messages.redacted", redacted.type());
        assertEquals(room.roomId(), redacted.roomId());
        assertEquals(leaving, redacted.senderId());
        assertEquals(said.seq(), redacted.upToSeq());
        assertEquals(1, redacted.redactedCount());
        assertEquals(oichat.messages().list(room.roomId()).data().get(0).redactedAt(), redacted.redactedAt());

        WebhookEvent.ParticipantRemoved removed = assertInstanceOf(WebhookEvent.ParticipantRemoved.class,
                verify(receiver.next()));
        assertEquals(leaving, removed.userId());
        assertEquals(room.roomId(), removed.roomId());
        assertEquals(2, removed.room().participantCount());
    }

    WebhookEvent verify(WebhookReceiver.Delivery delivery) {
        return oichat.webhooks().verify(delivery.body(), delivery.headers(), endpoint.secret());
    }

    @Test
    void managesTheEndpointAndItsDeliveryLog() {
        assertTrue(oichat.webhooks().list().data().stream()
                .anyMatch(e -> e.endpointId().equals(endpoint.endpointId())));
        assertEquals(endpoint.endpoint(), oichat.webhooks().get(endpoint.endpointId()));
        oichat.rooms().create(CreateRoomParams.builder().type(RoomType.GROUP).participants(uid("u"), uid("u")).build());
        WebhookReceiver.Delivery delivery = receiver.next();
        String eventId = oichat.webhooks().verify(delivery.body(), delivery.headers(), endpoint.secret()).id();

        // The receiver has a delivery a moment before the server records the attempt.
        CursorPage<WebhookAttempt> attempts = TestServer.until(Duration.ofSeconds(10), () -> {
            CursorPage<WebhookAttempt> page = oichat.webhooks().attempts(endpoint.endpointId());
            return page.data().isEmpty() ? null : page;
        });
        WebhookAttempt attempt = attempts.data().get(0);
        assertEquals(eventId, attempt.eventId());
        assertEquals(200, attempt.statusCode());
        assertEquals(WebhookDeliveryStatus.DELIVERED, attempt.deliveryStatus());

        assertEquals(WebhookDeliveryStatus.PENDING, oichat.webhooks().resend(endpoint.endpointId(), eventId).status());
        WebhookReceiver.Delivery again = receiver.next();
        assertEquals(eventId, oichat.webhooks().verify(again.body(), again.headers(), endpoint.secret()).id());

        var updated = oichat.webhooks().update(endpoint.endpointId(), UpdateWebhookParams.builder().enabled(false)
                .allEventTypes().description("paused").build());
        assertFalse(updated.enabled());
        assertNull(updated.eventTypes());
        assertEquals("paused", updated.description());

        oichat.webhooks().delete(endpoint.endpointId());
        assertApiError(404, "webhook_endpoint_not_found", () -> oichat.webhooks().get(endpoint.endpointId()));
        assertApiError(400, "validation_failed", () -> oichat.webhooks().create(CreateWebhookParams.builder()
                .url("ftp://example.com").build()));
    }

    @Test
    void duringARotationBothSecretsVerify() {
        String rotated = oichat.webhooks().rotateSecret(endpoint.endpointId()).secret();
        oichat.rooms().create(CreateRoomParams.builder().type(RoomType.GROUP).participants(uid("u"), uid("u")).build());
        WebhookReceiver.Delivery delivery = receiver.next();
        List<String> signatures = List.of(delivery.headers().get("Webhook-signature").get(0).split(" "));
        assertEquals(2, signatures.size());
        assertEquals(oichat.webhooks().verify(delivery.body(), delivery.headers(), rotated),
                oichat.webhooks().verify(delivery.body(), delivery.headers(), endpoint.secret()));
    }
}
