package io.oichat.contract;

import static io.oichat.TestClients.uid;
import static io.oichat.contract.Assertions.assertApiError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.oichat.OiChat;
import io.oichat.OiChatErrorCodes;
import io.oichat.RequestOptions;
import io.oichat.TestClients;
import io.oichat.model.ChannelEventResponse;
import io.oichat.model.CreateTokenParams;
import io.oichat.testing.RealtimeClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * channels(): a published event reaches the users connected to the real server's WebSocket gateway
 * whose token lists the channel, in this project only, once per idempotency key; "nothing arrived"
 * is checked after a later event that did.
 */
class ChannelsContractTest {
    final OiChat oichat = TestClients.real();

    static String tokenFor(OiChat client, String... channels) {
        return client.auth().createToken(CreateTokenParams.builder().userId(uid("user")).channels(channels).build())
                .token();
    }

    @Test
    void aPublishedEventReachesAUserWhoseTokenListsTheChannel() throws Exception {
        String channel = uid("orders");
        try (RealtimeClient user = RealtimeClient.connect(tokenFor(oichat, channel))) {
            ChannelEventResponse published = oichat.channels().publish(channel, "order.shipped",
                    Map.of("order_id", "1234", "items", List.of(1, 2)), RequestOptions.builder()
                            .idempotencyKey(uid("publish")).timeout(Duration.ofSeconds(5)).maxRetries(0).build());
            assertEquals(new ChannelEventResponse(channel, "order.shipped"), published);

            JsonNode event = user.next("channel.event");
            assertEquals(channel, event.get("channel").asText());
            assertEquals("order.shipped", event.get("event").asText());
            assertEquals("1234", event.at("/data/order_id").asText());
            assertEquals(2, event.at("/data/items/1").asInt());
        }
    }

    @Test
    void theAsyncPublishWithoutDataSendsAnEmptyObject() throws Exception {
        String channel = uid("presence");
        try (RealtimeClient user = RealtimeClient.connect(tokenFor(oichat, channel))) {
            Map<String, String> typed = Map.of("agent", "agent-7"); // a Map<String, String> is data as it is
            assertEquals(new ChannelEventResponse(channel, "agent.online"),
                    oichat.async().channels().publish(channel, "agent.online", typed).get());
            assertEquals("agent-7", user.next("channel.event").at("/data/agent").asText());
            assertEquals(new ChannelEventResponse(channel, "agent.away"), oichat.async().channels()
                    .publish(channel, "agent.away").get());
            JsonNode away = user.next("channel.event");
            assertEquals("agent.away", away.get("event").asText());
            assertTrue(away.get("data").isObject() && away.get("data").isEmpty(), away.toString());
            assertEquals("agent.gone", oichat.channels().publish(channel, "agent.gone").event());
            assertEquals("agent.gone", user.next("channel.event").get("event").asText());
        }
    }

    @Test
    void onlyThisProjectsUsersWhoseTokenListsTheChannelReceiveIt() throws Exception {
        String channel = uid("queue");
        String marker = uid("marker");
        OiChat other = TestClients.real(TestClients.newProject(uid("channels-other")));
        try (RealtimeClient elsewhere = RealtimeClient.connect(tokenFor(oichat, marker));
                RealtimeClient otherProject = RealtimeClient.connect(tokenFor(other, channel))) {
            oichat.channels().publish(channel, "ticket.created", Map.of("ticket", "T-1"));
            // Markers, published after: each user's first channel event is theirs, not the one above.
            oichat.channels().publish(marker, "marker");
            other.channels().publish(channel, "marker");
            assertEquals(marker, elsewhere.next("channel.event").get("channel").asText());
            JsonNode first = otherProject.next("channel.event");
            assertEquals("marker", first.get("event").asText(), "another project's channel of the same name");
        }
    }

    @Test
    void aRepeatWithTheSameIdempotencyKeyPublishesOnce() throws Exception {
        String channel = uid("orders");
        try (RealtimeClient user = RealtimeClient.connect(tokenFor(oichat, channel))) {
            RequestOptions once = RequestOptions.idempotencyKey(uid("order-1234-shipped"));
            ChannelEventResponse first = oichat.channels().publish(channel, "order.shipped", Map.of("n", 1), once);
            assertEquals(first, oichat.channels().publish(channel, "order.shipped", Map.of("n", 1), once));
            oichat.channels().publish(channel, "marker");
            assertEquals(1, user.next("channel.event").at("/data/n").asInt());
            assertEquals("marker", user.next("channel.event").get("event").asText(), "no second order.shipped");

            assertApiError(422, OiChatErrorCodes.IDEMPOTENCY_KEY_REUSED, () -> oichat.channels().publish(channel,
                    "order.shipped", Map.of("n", 2), once));
        }
    }

    @Test
    void badEventsAreRefusedNamingTheField() {
        String channel = uid("orders");
        assertThrows(IllegalArgumentException.class, () -> oichat.channels().publish(channel, ""));
        assertThrows(IllegalArgumentException.class, () -> oichat.channels().publish("", "x"));
        var longEvent = assertApiError(400, OiChatErrorCodes.VALIDATION_FAILED, () -> oichat.channels().publish(
                channel, "e".repeat(101)));
        assertEquals("event", longEvent.details().get(0).field());
        var longChannel = assertApiError(400, OiChatErrorCodes.VALIDATION_FAILED, () -> oichat.channels().publish(
                "c".repeat(201), "x"));
        assertEquals("channel", longChannel.details().get(0).field());
        var bigData = assertApiError(400, OiChatErrorCodes.VALIDATION_FAILED, () -> oichat.channels().publish(
                channel, "x", Map.of("blob", "b".repeat(9000))));
        assertEquals("data", bigData.details().get(0).field());
    }
}
