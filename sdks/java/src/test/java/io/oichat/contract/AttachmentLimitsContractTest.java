package io.oichat.contract;

import static io.oichat.TestClients.uid;
import static io.oichat.contract.Assertions.assertApiError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oichat.OiChat;
import io.oichat.OiChatErrorCodes;
import io.oichat.TestClients;
import io.oichat.model.AttachmentSettings;
import io.oichat.model.CreateRoomParams;
import io.oichat.model.Room;
import io.oichat.model.RoomType;
import io.oichat.model.UpdateAttachmentSettingsParams;
import io.oichat.model.UploadOptions;
import io.oichat.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * attachments().settings() and updateSettings() against the real server, in a project of their own
 * (the limits are the project's): narrowing them, the uploads they then refuse ({@code 413}, {@code
 * 415}), and the refusal to widen them past the server's.
 */
class AttachmentLimitsContractTest {
    final OiChat oichat = TestClients.real(TestClients.newProject(uid("attachment-limits")));

    @Test
    void aNarrowedProjectRefusesWhatItNoLongerAllowsAndGoesBackToTheServers() throws Exception {
        AttachmentSettings before = oichat.attachments().settings();
        assertNull(before.maxBytes(), "the server's limit");
        assertNull(before.allowedTypes(), "the server's list");
        assertEquals(before.server(), before.effective());

        AttachmentSettings narrowed = oichat.attachments().updateSettings(UpdateAttachmentSettingsParams.builder()
                .maxBytes(1000L).allowedTypes("text/plain").build());
        assertEquals(1000L, narrowed.maxBytes());
        assertEquals(new AttachmentSettings.Limits(1000, List.of("text/plain")), narrowed.effective());
        assertEquals(before.server(), narrowed.server());

        Room room = oichat.rooms().create(CreateRoomParams.builder().type(RoomType.GROUP).participants(uid("a"),
                uid("b")).build());
        byte[] fits = "a".repeat(1000).getBytes(StandardCharsets.US_ASCII);
        byte[] over = "a".repeat(1001).getBytes(StandardCharsets.US_ASCII);
        assertEquals(1000, oichat.attachments().upload(room.roomId(), fits, UploadOptions.named("fits.txt")).size());
        var tooLarge = assertApiError(413, OiChatErrorCodes.ATTACHMENT_TOO_LARGE, () -> oichat.attachments().upload(
                room.roomId(), over, UploadOptions.named("big.txt")));
        assertTrue(tooLarge.getMessage().contains("1000"), tooLarge.getMessage());
        // A file far past the limit is refused on its Content-Length, while the SDK is still sending it.
        Path big = Files.createTempFile("oichat-test-big-", ".txt");
        try {
            Files.write(big, "0123456789abcdef\n".repeat(300_000).getBytes(StandardCharsets.US_ASCII));
            assertApiError(413, OiChatErrorCodes.ATTACHMENT_TOO_LARGE, () -> oichat.attachments().upload(
                    room.roomId(), big));
        } finally {
            Files.delete(big);
        }
        // A 1×1 PNG: small enough, but no longer of an allowed type.
        byte[] dot = Fixtures.dotPng();
        var png = assertApiError(415, OiChatErrorCodes.ATTACHMENT_TYPE_NOT_ALLOWED, () -> oichat.attachments().upload(
                room.roomId(), dot, UploadOptions.named("dot.png")));
        assertTrue(png.getMessage().contains("image/png"), png.getMessage());

        var wider = assertApiError(400, OiChatErrorCodes.VALIDATION_FAILED, () -> oichat.attachments().updateSettings(
                UpdateAttachmentSettingsParams.builder().maxBytes(before.server().maxBytes() + 1).build()));
        assertEquals("max_bytes", wider.details().get(0).field());
        assertEquals("maximum", wider.details().get(0).rule());
        var html = assertApiError(400, OiChatErrorCodes.VALIDATION_FAILED, () -> oichat.attachments().updateSettings(
                UpdateAttachmentSettingsParams.builder().allowedTypes("text/plain", "text/html").build()));
        assertEquals("allowed_types.1", html.details().get(0).field());
        assertEquals(narrowed, oichat.attachments().settings(), "a refused update changes nothing");

        AttachmentSettings back = oichat.async().attachments().updateSettings(UpdateAttachmentSettingsParams.builder()
                .clearMaxBytes().clearAllowedTypes().build()).get();
        assertEquals(before, back);
        assertEquals(1001, oichat.attachments().upload(room.roomId(), over,
                UploadOptions.named("big.txt")).size());
    }
}
