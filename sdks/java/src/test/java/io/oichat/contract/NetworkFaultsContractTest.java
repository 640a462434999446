package io.oichat.contract;

import static io.oichat.TestClients.uid;
import static io.oichat.contract.Assertions.assertApiError;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.oichat.OiChat;
import io.oichat.OiChatNetworkException;
import io.oichat.RequestOptions;
import io.oichat.TestClients;
import io.oichat.model.CreateRoomParams;
import io.oichat.model.ListRoomsParams;
import io.oichat.model.Message;
import io.oichat.model.ReactionParams;
import io.oichat.model.Room;
import io.oichat.model.RoomType;
import io.oichat.model.SendMessageParams;
import io.oichat.testing.FaultServer;
import io.oichat.testing.TestServer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Nothing lost, nothing twice, against the real server: calls whose answers a proxy drops after the
 * server applied them, concurrent calls with one key, and the refusals of requests that are not
 * signed right.
 */
class NetworkFaultsContractTest {
    final OiChat oichat = TestClients.real();
    FaultServer proxy;
    OiChat viaProxy;

    @BeforeEach
    void start() throws Exception {
        proxy = new FaultServer().always(FaultServer.forward(TestServer.get().baseUrl));
        viaProxy = TestClients.realVia(proxy.url());
    }

    @AfterEach
    void stop() {
        proxy.close();
    }

    static CreateRoomParams groupOf(String user) {
        return CreateRoomParams.builder().type(RoomType.GROUP).participants(user, uid("agent")).build();
    }

    @Test
    void aCreateWhoseAnswerIsLostIsRetriedWithItsKeyAndHappensOnce() {
        String user = uid("user");
        proxy.then(FaultServer.forwardThenDrop(TestServer.get().baseUrl));
        Room room = viaProxy.rooms().create(groupOf(user));
        List<FaultServer.Seen> seen = proxy.seen();
        assertEquals(2, seen.size(), "the lost answer was retried");
        assertEquals(seen.get(0).header("Idempotency-Key"), seen.get(1).header("Idempotency-Key"));
        assertEquals(List.of(room), oichat.rooms().list(ListRoomsParams.forUser(user)).data(), "one room, not two");
    }

    @Test
    void aMessageWhoseAnswerIsLostIsSentOnceWithItsSeq() {
        String user = uid("user");
        Room room = oichat.rooms().create(groupOf(user));
        proxy.then(FaultServer.forwardThenDrop(TestServer.get().baseUrl),
                FaultServer.forwardThenDrop(TestServer.get().baseUrl));
        Message sent = viaProxy.messages().send(SendMessageParams.builder().roomId(room.roomId()).senderId(user)
                .content("only once").build());
        assertEquals(3, proxy.seen().size());
        assertEquals(1, sent.seq());
        assertEquals(List.of(sent), oichat.messages().list(room.roomId()).data());
    }

    @Test
    void aReactionAPinAndADeleteWhoseAnswersAreLostTakeEffectOnce() {
        String user = uid("user");
        Room room = oichat.rooms().create(groupOf(user));
        Message m = oichat.messages().send(SendMessageParams.builder().roomId(room.roomId()).senderId(user)
                .content("hi").build());
        proxy.then(FaultServer.forwardThenDrop(TestServer.get().baseUrl));
        assertEquals(Map.of("👍", 1), viaProxy.messages().addReaction(m.messageId(), ReactionParams.of(user, "👍"))
                .reactions());
        List<FaultServer.Seen> seen = proxy.seen();
        assertEquals(2, seen.size(), "the lost answer was retried");
        assertEquals(seen.get(0).header("Idempotency-Key"), seen.get(1).header("Idempotency-Key"));

        proxy.then(FaultServer.forwardThenDrop(TestServer.get().baseUrl));
        assertEquals("system", viaProxy.messages().pin(m.messageId()).pinnedBy());
        assertEquals(List.of(m.messageId()), oichat.rooms().pins(room.roomId()).data().stream()
                .map(Message::messageId).toList());

        // A delete retried after its answer was lost answers the deleted message, not a 404.
        proxy.then(FaultServer.forwardThenDrop(TestServer.get().baseUrl));
        Message deleted = viaProxy.messages().delete(m.messageId());
        assertNotNull(deleted.deletedAt());
        assertEquals(6, proxy.seen().size());
        assertEquals(List.of(deleted), oichat.messages().list(room.roomId()).data());
    }

    @Test
    void whenEveryAnswerIsLostTheCallerRetriesWithItsOwnKeyAndGetsTheFirstOutcome() {
        String user = uid("user");
        String key = uid("order-room");
        CreateRoomParams params = groupOf(user);
        proxy.always(FaultServer.forwardThenDrop(TestServer.get().baseUrl));
        OiChatNetworkException lost = assertThrows(OiChatNetworkException.class,
                () -> viaProxy.rooms().create(params, RequestOptions.idempotencyKey(key)));
        assertFalse(lost.timedOut());
        assertEquals(3, proxy.seen().size());
        // The server did create it, once; asking again with the same key (a queue's retry) gives that room.
        List<Room> rooms = oichat.rooms().list(ListRoomsParams.forUser(user)).data();
        assertEquals(1, rooms.size());
        assertEquals(rooms.get(0), oichat.rooms().create(params, RequestOptions.idempotencyKey(key)));
    }

    @Test
    void concurrentCallsWithOneKeyHaveOneEffectAndAllGetItsResult() {
        String user = uid("user");
        String key = uid("same-key");
        CreateRoomParams params = groupOf(user);
        List<CompletableFuture<Room>> calls = IntStream.range(0, 6).mapToObj(i -> oichat.async().rooms()
                .create(params, RequestOptions.idempotencyKey(key))).toList();
        List<String> ids = calls.stream().map(CompletableFuture::join).map(Room::roomId).distinct().toList();
        assertEquals(1, ids.size(), ids.toString());
        assertEquals(ids, oichat.rooms().list(ListRoomsParams.forUser(user)).data().stream().map(Room::roomId)
                .toList());
    }

    @Test
    void requestsNotSignedRightAreRefusedNamingWhy() {
        TestClients.Credentials real = TestClients.defaultProject();
        assertApiError(401, "invalid_signature", () -> TestClients.real(new TestClients.Credentials(
                real.projectId(), real.apiKey(), "sk_not_the_secret")).rooms().list());
        TestClients.Credentials other = TestClients.newProject("java other project");
        assertApiError(401, "invalid_api_key", () -> TestClients.real(new TestClients.Credentials(
                real.projectId(), other.apiKey(), other.secretKey())).rooms().list());
        // A backend whose clock is more than 5 minutes off is told so, whichever way it is off.
        // Well past the limit: a whole-second timestamp taken late in a second is up to 1 s
        // closer to the server's clock when it arrives, so 301 s off was at times 300 s off.
        Clock late = Clock.offset(Clock.systemUTC(), Duration.ofSeconds(-310));
        Clock early = Clock.offset(Clock.systemUTC(), Duration.ofSeconds(310));
        assertApiError(401, "stale_timestamp", () -> TestClients.realWithClock(late).rooms().list());
        assertApiError(401, "stale_timestamp", () -> TestClients.realWithClock(early).rooms().list());
        assertDoesNotThrow(() -> TestClients.realWithClock(Clock.offset(Clock.systemUTC(), Duration.ofSeconds(-240)))
                .rooms().list(), "within the tolerance a skewed clock is fine");
    }
}
