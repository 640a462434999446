package io.oichat.contract;

import static io.oichat.TestClients.uid;
import static io.oichat.contract.Assertions.assertApiError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oichat.OiChat;
import io.oichat.OiChatErrorCodes;
import io.oichat.TestClients;
import io.oichat.internal.RequestSigning;
import io.oichat.model.Attachment;
import io.oichat.model.CreateRoomParams;
import io.oichat.model.CreateWebhookParams;
import io.oichat.model.Message;
import io.oichat.model.MessageContentType;
import io.oichat.model.Room;
import io.oichat.model.RoomType;
import io.oichat.model.SendMessageParams;
import io.oichat.model.UploadOptions;
import io.oichat.model.WebhookEventType;
import io.oichat.testing.FaultServer;
import io.oichat.testing.Fixtures;
import io.oichat.testing.TestServer;
import io.oichat.testing.WebhookReceiver;
import io.oichat.webhook.WebhookEvent;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * attachments() against the real server: a real PNG and a real PDF uploaded from memory, a file and
 * a stream, sent in messages, read back, and downloaded through their signed URLs; and the server's
 * refusals, each an OiChatApiException with its code.
 */
class AttachmentsContractTest {
    static final Path PDF = Fixtures.pdf();
    static final HttpClient DOWNLOADS = HttpClient.newHttpClient();

    final OiChat oichat = TestClients.real();
    Room room;
    String agent;

    @BeforeEach
    void room() {
        agent = uid("agent");
        room = oichat.rooms().create(CreateRoomParams.builder().type(RoomType.GROUP).participants(agent,
                uid("customer")).build());
    }

    /** A real PNG, 40×30, every pixel its own colour, as ImageIO writes it. */
    static BufferedImage picture() {
        BufferedImage image = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 40; x++) {
            for (int y = 0; y < 30; y++) image.setRGB(x, y, (x * 6) << 16 | (y * 8) << 8 | (x + y) * 3);
        }
        return image;
    }

    static byte[] png(BufferedImage image) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(image, "png", out));
        return out.toByteArray();
    }

    static HttpResponse<byte[]> download(String url) throws Exception {
        return DOWNLOADS.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void aPngSentInAnImageMessageDownloadsWithItsPixelsAndItsThumbnail() throws Exception {
        BufferedImage picture = picture();
        Attachment uploaded = oichat.attachments().upload(room.roomId(), png(picture),
                UploadOptions.builder().name("chart.png").mimeType("image/png").build());
        assertTrue(uploaded.attachmentId().startsWith("att_"), uploaded.attachmentId());
        assertEquals(room.roomId(), uploaded.roomId());
        assertEquals("chart.png", uploaded.name());
        assertEquals("image/png", uploaded.mimeType());
        assertEquals(40, uploaded.width());
        assertEquals(30, uploaded.height());
        assertNotNull(uploaded.blurhash());
        assertEquals("image/webp", uploaded.thumbnail().mimeType());
        assertTrue(uploaded.thumbnail().width() <= 320 && uploaded.thumbnail().height() <= 320);
        assertNull(uploaded.uploaderId(), "the backend uploaded it");
        assertNull(uploaded.messageId(), "unsent");

        Message sent = oichat.messages().send(SendMessageParams.builder().roomId(room.roomId()).senderId(agent)
                .contentType(MessageContentType.IMAGE).attachments(uploaded.attachmentId()).build());
        assertEquals(MessageContentType.IMAGE, sent.contentType());
        assertEquals(List.of(uploaded.attachmentId()), sent.attachments().stream().map(Attachment::attachmentId)
                .toList());

        Attachment read = oichat.attachments().get(uploaded.attachmentId());
        assertEquals(sent.messageId(), read.messageId());
        HttpResponse<byte[]> content = download(read.url());
        assertEquals(200, content.statusCode());
        assertEquals("image/png", content.headers().firstValue("content-type").orElse(null));
        assertEquals("nosniff", content.headers().firstValue("x-content-type-options").orElse(null));
        // The server re-encodes images (dropping their metadata): the pixels are what must survive.
        assertEquals(read.size(), content.body().length);
        assertEquals(read.sha256(), RequestSigning.sha256Hex(content.body()));
        BufferedImage served = ImageIO.read(new ByteArrayInputStream(content.body()));
        for (int x = 0; x < 40; x++) {
            for (int y = 0; y < 30; y++) {
                assertEquals(picture.getRGB(x, y), served.getRGB(x, y), "pixel " + x + "," + y);
            }
        }
        HttpResponse<byte[]> thumbnail = download(read.thumbnail().url());
        assertEquals(200, thumbnail.statusCode());
        assertEquals("image/webp", thumbnail.headers().firstValue("content-type").orElse(null));
        assertEquals("RIFF", new String(thumbnail.body(), 0, 4, StandardCharsets.US_ASCII));

        Message inHistory = oichat.messages().list(room.roomId()).data().get(0);
        assertEquals("chart.png", inHistory.attachments().get(0).name());
    }

    @Test
    void aPdfUploadedFromAFileIsServedByteForByte() throws Exception {
        byte[] original = Files.readAllBytes(PDF);
        Attachment invoice = oichat.attachments().upload(room.roomId(), PDF);
        assertEquals("invoice.pdf", invoice.name(), "a file is uploaded under its own name");
        assertEquals("application/pdf", invoice.mimeType());
        assertEquals(original.length, invoice.size());
        assertEquals(RequestSigning.sha256Hex(original), invoice.sha256());
        assertNull(invoice.width());
        assertNull(invoice.thumbnail());

        Message sent = oichat.messages().send(SendMessageParams.builder().roomId(room.roomId()).senderId("system")
                .contentType(MessageContentType.FILE).content("Your invoice").attachments(invoice.attachmentId())
                .build());
        assertEquals("Your invoice", sent.content());
        assertEquals(invoice.attachmentId(), sent.attachments().get(0).attachmentId());

        HttpResponse<byte[]> content = download(oichat.attachments().get(invoice.attachmentId()).url());
        assertEquals(200, content.statusCode());
        assertArrayEquals(original, content.body());
        assertTrue(content.headers().firstValue("content-disposition").orElse("").startsWith("attachment;"));
    }

    @Test
    void aStreamIsUploadedWhole() throws Exception {
        byte[] text = "line one\nline two\n줄 셋\n".repeat(5000).getBytes(StandardCharsets.UTF_8);
        // A stream that hands out a few bytes at a time, as a socket would.
        InputStream trickle = new java.io.FilterInputStream(new ByteArrayInputStream(text)) {
            @Override
            public int read(byte[] b, int off, int len) throws java.io.IOException {
                return super.read(b, off, Math.min(len, 777));
            }
        };
        Attachment notes = oichat.attachments().upload(room.roomId(), trickle, UploadOptions.named("notes.txt"));
        assertEquals("text/plain", notes.mimeType());
        assertEquals(text.length, notes.size());
        assertEquals(RequestSigning.sha256Hex(text), notes.sha256());
        assertEquals(-1, trickle.read(), "read to its end");
        oichat.messages().send(SendMessageParams.builder().roomId(room.roomId()).senderId(agent)
                .contentType(MessageContentType.FILE).attachments(notes.attachmentId()).build());
        assertArrayEquals(text, download(oichat.attachments().get(notes.attachmentId()).url()).body());
    }

    @Test
    void theAsyncUploadAndGetAreTheSameCalls() throws Exception {
        byte[] original = Files.readAllBytes(PDF);
        Attachment fromStream = oichat.async().attachments().upload(room.roomId(), new ByteArrayInputStream(original),
                UploadOptions.named("invoice-1234.pdf")).get();
        Attachment fromFile = oichat.async().attachments().upload(room.roomId(), PDF, UploadOptions.builder()
                .name("copy.pdf").mimeType("application/pdf").build()).get();
        assertEquals(fromStream.sha256(), fromFile.sha256());
        Attachment read = oichat.async().attachments().get(fromStream.attachmentId()).get();
        assertEquals("invoice-1234.pdf", read.name());
        assertArrayEquals(original, download(read.url()).body());
    }

    @Test
    void theServerJudgesTheBytesAndRefusesWithItsCodes() throws Exception {
        byte[] html = "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8);
        var notAllowed = assertApiError(415, OiChatErrorCodes.ATTACHMENT_TYPE_NOT_ALLOWED, () -> oichat.attachments()
                .upload(room.roomId(), html, UploadOptions.builder().name("cat.png").mimeType("image/png").build()));
        assertTrue(notAllowed.getMessage().contains("text/html"), notAllowed.getMessage());

        assertApiError(415, OiChatErrorCodes.ATTACHMENT_TYPE_MISMATCH, () -> oichat.attachments().upload(
                room.roomId(), PDF, UploadOptions.named("photo.png")));
        assertApiError(415, OiChatErrorCodes.ATTACHMENT_UNDECODABLE, () -> oichat.attachments().upload(
                room.roomId(), java.util.Arrays.copyOf(png(picture()), 60), UploadOptions.named("cut.png")));
        assertApiError(404, OiChatErrorCodes.ROOM_NOT_FOUND, () -> oichat.attachments().upload("room_nope", PDF,
                UploadOptions.named("invoice.pdf")));
        assertApiError(404, OiChatErrorCodes.ATTACHMENT_NOT_FOUND, () -> oichat.attachments().get("att_nope"));

        var empty = assertApiError(400, OiChatErrorCodes.VALIDATION_FAILED, () -> oichat.attachments().upload(
                room.roomId(), new byte[0], UploadOptions.named("empty.txt")));
        assertEquals("body", empty.details().get(0).field());
        assertEquals("minBytes", empty.details().get(0).rule());
        var badName = assertApiError(400, OiChatErrorCodes.VALIDATION_FAILED, () -> oichat.attachments().upload(
                room.roomId(), "hi".getBytes(StandardCharsets.UTF_8), UploadOptions.named("../etc/passwd")));
        assertEquals("name", badName.details().get(0).field());

        // Refused before anything is sent.
        assertThrows(IllegalArgumentException.class, () -> UploadOptions.named(""));
        assertThrows(IllegalArgumentException.class, () -> UploadOptions.builder().name("a.txt")
                .mimeType("text/plain\r\nX-Injected: 1").build());
        assertThrows(IllegalArgumentException.class, () -> oichat.attachments().upload(room.roomId(), PDF, null));
        assertThrows(IllegalArgumentException.class, () -> oichat.attachments().upload("", PDF));
        assertThrows(IllegalArgumentException.class, () -> oichat.attachments().get(""));
    }

    @Test
    void aMissingFileFailsBeforeAnythingIsSent() {
        Path missing = Path.of(System.getProperty("java.io.tmpdir"), uid("missing") + ".pdf");
        var e = assertThrows(io.oichat.OiChatException.class, () -> oichat.attachments().upload(room.roomId(),
                missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertTrue(e.getCause() instanceof java.nio.file.NoSuchFileException, String.valueOf(e.getCause()));
    }

    @Test
    void anAttachmentIsSentOnceAndOnlyAnImageInAnImageMessage() throws Exception {
        Attachment invoice = oichat.attachments().upload(room.roomId(), PDF);
        var notImage = assertApiError(400, OiChatErrorCodes.VALIDATION_FAILED, () -> oichat.messages().send(
                SendMessageParams.builder().roomId(room.roomId()).senderId(agent)
                        .contentType(MessageContentType.IMAGE).attachments(invoice.attachmentId()).build()));
        assertEquals("attachments.0", notImage.details().get(0).field());
        assertEquals("image", notImage.details().get(0).rule());

        oichat.messages().send(SendMessageParams.builder().roomId(room.roomId()).senderId(agent)
                .contentType(MessageContentType.FILE).attachments(invoice.attachmentId()).build());
        var again = assertApiError(400, OiChatErrorCodes.VALIDATION_FAILED, () -> oichat.messages().send(
                SendMessageParams.builder().roomId(room.roomId()).senderId(agent)
                        .contentType(MessageContentType.FILE).attachments(invoice.attachmentId()).build()));
        assertEquals("unsent", again.details().get(0).rule());
        assertEquals(1, oichat.messages().list(room.roomId()).data().size(), "a refused message sends nothing");
    }

    @Test
    void anUploadWhoseAnswerIsLostIsSentAgainAndSucceeds() throws Exception {
        try (FaultServer proxy = new FaultServer().always(FaultServer.forward(TestServer.get().baseUrl))) {
            proxy.then(FaultServer.forwardThenDrop(TestServer.get().baseUrl));
            OiChat viaProxy = TestClients.realVia(proxy.url());
            byte[] original = Files.readAllBytes(PDF);
            Attachment invoice = viaProxy.attachments().upload(room.roomId(), new ByteArrayInputStream(original),
                    UploadOptions.named("invoice.pdf"));
            List<FaultServer.Seen> seen = proxy.seen();
            assertEquals(2, seen.size(), "the lost answer was retried");
            assertArrayEquals(original, seen.get(1).body(), "with the whole file again");
            // Uploads are not idempotent (docs/attachments.md): the first one stays unsent and is swept.
            assertEquals(invoice.sha256(), oichat.attachments().get(invoice.attachmentId()).sha256());
            oichat.messages().send(SendMessageParams.builder().roomId(room.roomId()).senderId(agent)
                    .contentType(MessageContentType.FILE).attachments(invoice.attachmentId()).build());
        }
    }

    @Test
    void theMessageCreatedWebhookCarriesTheAttachmentWithAWorkingUrl() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            var endpoint = oichat.webhooks().create(CreateWebhookParams.builder().url(receiver.url())
                    .eventTypes(WebhookEventType.MESSAGE_CREATED).build());
            try {
                Attachment invoice = oichat.attachments().upload(room.roomId(), PDF);
                Message sent = oichat.messages().send(SendMessageParams.builder().roomId(room.roomId())
                        .senderId(agent).contentType(MessageContentType.FILE).attachments(invoice.attachmentId())
                        .build());
                WebhookEvent.MessageCreated created;
                do {
                    WebhookReceiver.Delivery delivery = receiver.next();
                    created = (WebhookEvent.MessageCreated) oichat.webhooks().verify(delivery.body(),
                            delivery.headers(), endpoint.secret());
                } while (!created.message().messageId().equals(sent.messageId()));
                Attachment delivered = created.message().attachments().get(0);
                assertEquals(invoice.attachmentId(), delivered.attachmentId());
                assertEquals(sent.messageId(), delivered.messageId());
                assertArrayEquals(Files.readAllBytes(PDF), download(delivered.url()).body());
            } finally {
                oichat.webhooks().delete(endpoint.endpointId());
            }
        }
    }

    @Test
    void anotherProjectSeesNoneOfIt() throws Exception {
        Attachment invoice = oichat.attachments().upload(room.roomId(), PDF);
        OiChat other = TestClients.real(TestClients.newProject(uid("attachments-other")));
        assertApiError(404, OiChatErrorCodes.ATTACHMENT_NOT_FOUND, () -> other.attachments().get(
                invoice.attachmentId()));
        assertApiError(404, OiChatErrorCodes.ROOM_NOT_FOUND, () -> other.attachments().upload(room.roomId(), PDF));
    }
}
