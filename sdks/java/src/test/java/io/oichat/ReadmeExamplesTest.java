package io.oichat;

import static io.oichat.TestClients.uid;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.oichat.examples.ApiReference;
import io.oichat.examples.AttachmentsReference;
import io.oichat.examples.ChannelsReference;
import io.oichat.examples.Configuration;
import io.oichat.examples.MessageFeatures;
import io.oichat.examples.QuickStart;
import io.oichat.examples.ReadmeSync;
import io.oichat.examples.RunMains;
import io.oichat.examples.UsersReference;
import io.oichat.examples.WebhookBot;
import io.oichat.model.CreateRoomParams;
import io.oichat.model.CreateTokenParams;
import io.oichat.model.CreateWebhookParams;
import io.oichat.model.ListRoomsParams;
import io.oichat.model.Message;
import io.oichat.model.MessageList;
import io.oichat.model.Room;
import io.oichat.model.RoomType;
import io.oichat.model.SendMessageParams;
import io.oichat.model.UserRole;
import io.oichat.model.WebhookEventType;
import io.oichat.testing.ChildJvm;
import io.oichat.testing.Fixtures;
import io.oichat.testing.RealtimeClient;
import io.oichat.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The README's examples are the sources in io.oichat.examples: the README must show them as they
 * are, and each runs against the real server here (the quick start and the configuration in a JVM
 * of their own whose environment holds the server's credentials, as a developer would run them).
 */
class ReadmeExamplesTest {
    static final Path SDK = Path.of(System.getProperty("oichat.sdkDir"));

    final OiChat oichat = TestClients.real();

    @Test
    void theReadmeShowsEveryExampleAsItIsCompiled() throws Exception {
        String readme = Files.readString(SDK.resolve("README.md"), StandardCharsets.UTF_8);
        Map<String, String> examples = ReadmeSync.examples(SDK.resolve("src/test/java/io/oichat/examples"));
        assertEquals(examples.keySet().stream().sorted().toList(), ReadmeSync.blocks(readme).stream().sorted().toList(),
                "every example has one README block and every block an example");
        assertEquals(ReadmeSync.render(readme, examples), readme,
                "README.md differs from its examples: run `java -cp target/test-classes io.oichat.examples.ReadmeSync`"
                        + " in sdks/java");
    }

    /** Runs classes' mains in a fresh JVM (this one's Java and class path) with the server's credentials. */
    static String runWithCredentials(Class<?>... mains) throws Exception {
        String[] names = java.util.Arrays.stream(mains).map(Class::getName).toArray(String[]::new);
        return ChildJvm.run(List.of(), RunMains.class, names);
    }

    @Test
    void theQuickStartAndTheConfigurationRunAsCopied() throws Exception {
        String output = runWithCredentials(QuickStart.class, Configuration.class);
        String[] lines = output.trim().split("\n");
        String quickStart = lines[lines.length - 2];
        String roomId = quickStart.substring(quickStart.lastIndexOf("room ") + "room ".length()).trim();
        Room room = oichat.rooms().get(roomId);
        assertEquals("Order #1234 Support", room.name());
        assertEquals(List.of("user-123", "agent-1"), room.participants());
        Message confirmation = oichat.messages().list(roomId).data().get(0);
        assertEquals("Your order has been confirmed.", confirmation.content());
        assertEquals("system", confirmation.senderId());
        TestServer server = TestServer.get();
        assertTrue(lines[lines.length - 1].startsWith("OiChat(" + server.projectId + " @ " + server.baseUrl
                + ", timeout=PT10S, maxRetries=2) listed"), output);
    }

    @Test
    void theAuthExampleIssuesAndRenewsATokenWithItsClaims() {
        assertEquals(3, ApiReference.auth(oichat).token().split("\\.").length);
    }

    @Test
    void theRoomsExampleRunsEveryRoomCall() {
        var left = ApiReference.rooms(oichat);
        assertEquals("user-1", left.userId());
        assertFalse(left.destroyed(), "user-2 is still in the room");
        Room room = oichat.rooms().get(left.roomId());
        assertEquals("New Name", room.name());
        assertEquals(List.of("user-2"), room.participants());
        ApiReference.deleteRoom(oichat, room);
        OiChatApiException e = assertThrows(OiChatApiException.class, () -> oichat.rooms().get(room.roomId()));
        assertEquals("room_not_found", e.errorCode());
    }

    @Test
    void theProjectWideRoomsExampleFindsOpenBillingGroupRooms() {
        Room billing = oichat.rooms().create(CreateRoomParams.builder().type(RoomType.GROUP).name("Refund")
                .participants(uid("c"), uid("a")).metadata(Map.of("queue", "billing")).build());
        Room other = oichat.rooms().create(CreateRoomParams.builder().type(RoomType.GROUP)
                .participants(uid("c"), uid("a")).metadata(Map.of("queue", "shipping")).build());
        List<String> found = ApiReference.roomsAll(oichat).data().stream().map(Room::roomId).toList();
        assertEquals(billing.roomId(), found.get(0), "newest first");
        assertFalse(found.contains(other.roomId()));
    }

    @Test
    void theUsersExampleReadsUpdatesAndDeletesAUser() {
        oichat.auth().createToken(CreateTokenParams.builder().userId("customer-42").userName("Lee")
                .role(UserRole.AGENT).build());
        Room room = oichat.rooms().create(CreateRoomParams.builder().type(RoomType.GROUP)
                .participants("customer-42", uid("agent")).build());
        oichat.messages().send(SendMessageParams.builder().roomId(room.roomId()).senderId("customer-42")
                .content("my phone number is …").build());

        UsersReference.Results results = UsersReference.users(oichat);
        assertTrue(results.agents().data().stream().anyMatch(u -> u.userId().equals("customer-42")));
        assertEquals("Lee", results.user().name());
        assertEquals(UserRole.AGENT, results.user().role());
        assertEquals("Lee Min", results.updated().name());
        assertEquals(UserRole.USER, results.updated().role());
        assertEquals("Min", results.updated().info().nickname());
        assertEquals(1, results.deleted().roomsLeft());
        assertEquals(1, results.deleted().messagesRedacted());
        assertEquals("", oichat.messages().list(room.roomId()).data().get(0).content());
        assertEquals("user_not_found", assertThrows(OiChatApiException.class,
                () -> oichat.users().get("customer-42")).errorCode());
    }

    @Test
    void theMessagesExampleSendsAndReadsHistory() {
        Room room = oichat.rooms().create(CreateRoomParams.builder().type(RoomType.GROUP).participants(uid("u"),
                uid("u")).build());
        MessageList history = ApiReference.messages(oichat, room);
        assertEquals(List.of("Transaction completed."), history.data().stream().map(Message::content).toList());
        assertEquals(Map.of("order_id", "1234"), history.data().get(0).metadata());
    }

    @Test
    void theMessageFeaturesExampleEditsReactsRepliesPinsSearchesAndDeletes() {
        Room room = oichat.rooms().create(CreateRoomParams.builder().type(RoomType.GROUP)
                .participants("user-123", "agent-1").build());
        MessageFeatures.Results r = MessageFeatures.messageFeatures(oichat, room);
        assertEquals("Where is my order #1234? It was due yesterday.", r.edited().content());
        assertEquals(Map.of("order_id", "1234"), r.edited().metadata());
        assertEquals(List.of("agent-1"), r.edited().mentions());
        assertNotNull(r.edited().editedAt());
        assertEquals(Map.of("👀", 1), r.reacted().reactions());
        assertEquals(List.of("It ships today."), r.replies().data().stream().map(Message::content).toList());
        assertEquals(List.of(r.edited().messageId()), r.timeline().data().stream().map(Message::messageId).toList());
        assertEquals(1, r.timeline().data().get(0).replyCount());
        assertEquals(List.of(r.replies().data().get(0).messageId()),
                r.pins().data().stream().map(Message::messageId).toList());
        assertEquals("system", r.pins().data().get(0).pinnedBy());
        assertEquals(List.of(r.edited().messageId()), r.found().data().stream().map(Message::messageId).toList());
        assertEquals("", r.deleted().content());
        assertNotNull(r.deleted().deletedAt());
        assertEquals(List.of(), oichat.rooms().pins(room.roomId()).data(), "a deleted message is unpinned");
    }

    @Test
    void theAttachmentsExampleUploadsSendsAndReadsFiles() throws Exception {
        Room room = oichat.rooms().create(CreateRoomParams.builder().type(RoomType.GROUP)
                .participants("agent-1", uid("customer")).build());
        AttachmentsReference.Results r = AttachmentsReference.attachments(oichat, room, Fixtures.pdf(),
                Fixtures.dotPng());
        assertEquals("invoice.pdf", r.invoice().name());
        assertEquals("application/pdf", r.scan().mimeType());
        assertEquals(r.invoice().sha256(), r.scan().sha256());
        assertEquals(1, r.photo().width());
        assertEquals(List.of(r.invoice().attachmentId(), r.scan().attachmentId()),
                r.sent().attachments().stream().map(io.oichat.model.Attachment::attachmentId).toList());
        assertEquals(r.sent().messageId(), r.fresh().messageId());
        HttpResponse<byte[]> download = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(r.fresh().url())).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertArrayEquals(Files.readAllBytes(Fixtures.pdf()), download.body());
    }

    @Test
    void theAttachmentSettingsExampleNarrowsAProjectsLimits() {
        OiChat project = TestClients.real(TestClients.newProject(uid("readme-settings")));
        var settings = AttachmentsReference.settings(project);
        assertEquals(5_000_000L, settings.effective().maxBytes());
        assertEquals(List.of("image/jpeg", "image/png", "application/pdf"), settings.effective().allowedTypes());
        assertEquals(settings, project.attachments().settings());
    }

    @Test
    void theChannelsExampleReachesTheAgentsConnection() throws Exception {
        // The agent connects with a token like the example's before it publishes, as a live client would be.
        String early = oichat.auth().createToken(CreateTokenParams.builder().userId("agent-7")
                .channels("queue:billing").build()).token();
        try (RealtimeClient agent = RealtimeClient.connect(early)) {
            ChannelsReference.Results r = ChannelsReference.channels(oichat);
            assertEquals("queue:billing", r.published().channel());
            assertEquals("ticket.created", r.published().event());
            var event = agent.next("channel.event");
            assertEquals("queue:billing", event.get("channel").asText());
            assertEquals("T-1234", event.at("/data/ticket_id").asText());
            assertEquals("high", event.at("/data/priority").asText());
            // The example's own token opens a connection of the same channel.
            try (RealtimeClient again = RealtimeClient.connect(r.token().token())) {
                oichat.channels().publish("queue:billing", "marker");
                assertEquals("marker", again.next("channel.event").get("event").asText());
            }
        }
    }

    @Test
    void theIdempotencyExampleCreatesOneRoomHoweverOftenItRuns() {
        assertEquals(ApiReference.idempotency(oichat).roomId(), ApiReference.idempotency(oichat).roomId());
    }

    @Test
    void theErrorHandlingExampleCatchesTheNotFound() {
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            ApiReference.errorHandling(oichat);
        } finally {
            System.setErr(stderr);
        }
        assertTrue(captured.toString(StandardCharsets.UTF_8).startsWith("404 room_not_found "), captured.toString());
    }

    @Test
    void theAsyncAndTypedExamplesRun() {
        Message sent = ApiReference.async(oichat).join();
        assertEquals("An agent will be with you shortly.", sent.content());
        assertEquals(1, sent.seq());
        Message typed = ApiReference.typedUsage(oichat);
        assertEquals("We are on it.", typed.content());
        assertTrue(oichat.rooms().list(ListRoomsParams.forUser("customer")).data().stream()
                .anyMatch(r -> r.roomId().equals(typed.roomId())));
    }

    @Test
    void theWebhookBotAnswersEachUserMessageOnceAndRefusesForgedDeliveries() throws Exception {
        HttpServer bot = null;
        String endpointId = null;
        try {
            // The endpoint is created first so the bot knows its secret; its URL is the bot's port.
            var probe = new java.net.ServerSocket(0);
            int port = probe.getLocalPort();
            probe.close();
            String url = "http://127.0.0.1:" + port + "/oichat/webhooks";
            var endpoint = oichat.webhooks().create(CreateWebhookParams.builder().url(url)
                    .eventTypes(WebhookEventType.MESSAGE_CREATED).build());
            endpointId = endpoint.endpointId();
            bot = new WebhookBot(oichat, endpoint.secret()).start(port);

            String user = uid("customer");
            Room room = oichat.rooms().create(CreateRoomParams.builder().type(RoomType.GROUP).participants(user,
                    uid("agent")).build());
            send(room, user, "Where is my order?");
            awaitBotReplies(room, 1);
            // Marker: a second message gets its answer, and by then the first still has exactly one.
            send(room, user, "Hello?");
            List<String> replies = awaitBotReplies(room, 2);
            assertEquals(List.of("Thanks, " + user + "! An agent will answer \"Where is my order?\" shortly.",
                    "Thanks, " + user + "! An agent will answer \"Hello?\" shortly."), replies);

            HttpResponse<String> forged = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                    .header("webhook-id", "evt_forged").header("webhook-timestamp",
                            String.valueOf(System.currentTimeMillis() / 1000))
                    .header("webhook-signature", "v1,AAAA").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(400, forged.statusCode());
            assertEquals("invalid_signature", forged.body());
        } finally {
            if (bot != null) bot.stop(0);
            if (endpointId != null) oichat.webhooks().delete(endpointId);
        }
    }

    void send(Room room, String user, String content) {
        oichat.messages().send(SendMessageParams.builder().roomId(room.roomId()).senderId(user).content(content)
                .build());
    }

    List<String> awaitBotReplies(Room room, int count) {
        return TestServer.until(Duration.ofSeconds(20), () -> {
            List<String> replies = oichat.messages().list(room.roomId()).data().stream()
                    .filter(m -> m.senderId().equals("system")).map(Message::content).toList();
            return replies.size() >= count ? replies : null;
        });
    }
}
