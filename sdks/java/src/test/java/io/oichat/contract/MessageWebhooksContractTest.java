package io.oichat.contract;

import static io.oichat.TestClients.uid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.oichat.OiChat;
import io.oichat.TestClients;
import io.oichat.model.CreateRoomParams;
import io.oichat.model.CreateWebhookParams;
import io.oichat.model.CreatedWebhookEndpoint;
import io.oichat.model.Message;
import io.oichat.model.ReactionParams;
import io.oichat.model.Room;
import io.oichat.model.RoomType;
import io.oichat.model.SendMessageParams;
import io.oichat.model.UpdateMessageParams;
import io.oichat.model.WebhookEventType;
import io.oichat.testing.WebhookReceiver;
import io.oichat.webhook.WebhookEvent;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real server's webhooks for changes to messages, verified and typed by the SDK: each carries
 * the message as the change left it and the room's change number, in the room's order.
 */
class MessageWebhooksContractTest {
    final OiChat oichat = TestClients.real();
    WebhookReceiver receiver;
    CreatedWebhookEndpoint endpoint;

    @BeforeEach
    void register() throws Exception {
        receiver = new WebhookReceiver();
        endpoint = oichat.webhooks().create(CreateWebhookParams.builder().url(receiver.url())
                .eventTypes(WebhookEventType.MESSAGE_CREATED, WebhookEventType.MESSAGE_UPDATED,
                        WebhookEventType.MESSAGE_DELETED, WebhookEventType.REACTION_ADDED,
                        WebhookEventType.REACTION_REMOVED, WebhookEventType.MESSAGE_PINNED,
                        WebhookEventType.MESSAGE_UNPINNED)
                .build());
    }

    @AfterEach
    void close() {
        oichat.webhooks().delete(endpoint.endpointId());
        receiver.close();
    }

    <T extends WebhookEvent> T next(Class<T> type) {
        WebhookReceiver.Delivery delivery = receiver.next();
        return assertInstanceOf(type, oichat.webhooks().verify(delivery.body(), delivery.headers(),
                endpoint.secret()));
    }

    @Test
    void everyChangeArrivesTypedInTheRoomsOrder() {
        String alice = uid("alice");
        String bob = uid("bob");
        Room room = oichat.rooms().create(CreateRoomParams.builder().type(RoomType.GROUP).participants(alice, bob)
                .build());
        Message root = oichat.messages().send(SendMessageParams.builder().roomId(room.roomId()).senderId(alice)
                .content("Q?").build());
        Message reply = oichat.messages().send(SendMessageParams.builder().roomId(room.roomId()).senderId(bob)
                .content("A.").parentId(root.messageId()).build());
        WebhookEvent.MessageCreated created = next(WebhookEvent.MessageCreated.class);
        assertEquals(root, created.message());
        assertNull(created.root(), "a message outside a thread has no root");
        WebhookEvent.MessageCreated replied = next(WebhookEvent.MessageCreated.class);
        assertEquals(reply, replied.message());
        assertEquals(root.messageId(), replied.root().message().messageId());
        assertEquals(1, replied.root().message().replyCount());
        assertEquals(reply.createdAt(), replied.root().message().lastReplyAt());
        long changes = replied.root().changeSeq();

        // The changes are made after the deliveries above: a message.created still pending when its message is
        // deleted is delivered emptied (checked at the end).
        Message edited = oichat.messages().update(root.messageId(), UpdateMessageParams.builder().content("Q!")
                .build());
        Message reacted = oichat.messages().addReaction(root.messageId(), ReactionParams.of(bob, "👍"));
        Message unreacted = oichat.messages().removeReaction(root.messageId(), ReactionParams.of(bob, "👍"));
        Message pinned = oichat.messages().pin(root.messageId());
        Message unpinned = oichat.messages().unpin(root.messageId());
        Message deleted = oichat.messages().delete(reply.messageId());

        WebhookEvent.MessageUpdated updated = next(WebhookEvent.MessageUpdated.class);
        assertEquals(edited, updated.message());
        assertEquals(changes + 1, updated.changeSeq());

        WebhookEvent.ReactionAdded added = next(WebhookEvent.ReactionAdded.class);
        assertEquals(room.roomId(), added.roomId());
        assertEquals(root.messageId(), added.messageId());
        assertEquals(bob, added.userId());
        assertEquals("👍", added.reaction());
        assertEquals(Map.of("👍", 1), added.reactions());
        assertEquals(reacted, added.message());
        assertEquals(changes + 2, added.changeSeq());

        WebhookEvent.ReactionRemoved removed = next(WebhookEvent.ReactionRemoved.class);
        assertEquals("reaction.removed", removed.type());
        assertEquals("👍", removed.reaction());
        assertEquals(Map.of(), removed.reactions());
        assertEquals(unreacted, removed.message());
        assertEquals(changes + 3, removed.changeSeq());

        WebhookEvent.MessagePinned pin = next(WebhookEvent.MessagePinned.class);
        assertEquals("system", pin.pinnedBy());
        assertEquals(pinned, pin.message());
        assertEquals(changes + 4, pin.changeSeq());

        WebhookEvent.MessageUnpinned unpin = next(WebhookEvent.MessageUnpinned.class);
        assertEquals("system", unpin.unpinnedBy());
        assertEquals(unpinned, unpin.message());
        assertEquals(changes + 5, unpin.changeSeq());

        WebhookEvent.MessageDeleted gone = next(WebhookEvent.MessageDeleted.class);
        assertEquals(deleted, gone.message());
        assertEquals("", gone.message().content());
        assertEquals(changes + 6, gone.changeSeq());
        assertEquals(oichat.projectId(), gone.projectId());
        // Whatever the change, one interface reads the message's newest state and its change number.
        List<WebhookEvent.MessageChanged> all = List.of(updated, added, removed, pin, unpin, gone);
        assertEquals(LongStream.rangeClosed(changes + 1, changes + 6).boxed().toList(),
                all.stream().map(WebhookEvent.MessageChanged::changeSeq).toList());
        assertEquals(List.of(edited, reacted, unreacted, pinned, unpinned, deleted),
                all.stream().map(WebhookEvent.MessageChanged::message).toList());

        // The reply's message.created, re-sent after the deletion, no longer holds what it said.
        oichat.webhooks().resend(endpoint.endpointId(), replied.id());
        WebhookEvent.MessageCreated again = next(WebhookEvent.MessageCreated.class);
        assertEquals(replied.id(), again.id());
        assertEquals(deleted, again.message());
    }
}
