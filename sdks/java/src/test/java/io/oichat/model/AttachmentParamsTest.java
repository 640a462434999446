package io.oichat.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oichat.internal.Json;
import org.junit.jupiter.api.Test;

/** The attachments' parameters: what goes on the wire, and what is refused before anything is sent. */
class AttachmentParamsTest {
    @Test
    void aMessageWithAttachmentsMayLeaveOutItsContent() {
        SendMessageParams image = SendMessageParams.builder().roomId("room_1").senderId("u")
                .contentType(MessageContentType.IMAGE).attachments("att_1", "att_2").build();
        assertNull(image.content());
        assertEquals("{\"room_id\":\"room_1\",\"sender_id\":\"u\",\"content_type\":\"image\","
                + "\"attachments\":[\"att_1\",\"att_2\"]}", Json.writeString(image));
        var e = assertThrows(IllegalArgumentException.class, () -> SendMessageParams.builder().roomId("room_1")
                .senderId("u").contentType(MessageContentType.IMAGE).build());
        assertEquals("OiChat: SendMessageParams.content is required", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SendMessageParams.builder().roomId("room_1").senderId("u")
                .attachments("att_1", null).build());
    }

    @Test
    void uploadOptionsNeedANameAndAHeaderSafeType() {
        assertEquals("invoice.pdf", UploadOptions.named("invoice.pdf").name());
        assertNull(UploadOptions.named("invoice.pdf").mimeType());
        assertEquals("text/plain; charset=utf-8", UploadOptions.builder().name("a.txt")
                .mimeType("text/plain; charset=utf-8").build().mimeType());
        var missing = assertThrows(IllegalArgumentException.class, () -> UploadOptions.builder().build());
        assertEquals("OiChat: UploadOptions.name is required", missing.getMessage());
        for (String bad : new String[] {"", " image/png", "image/png\n", "image/\u00e9"}) {
            var e = assertThrows(IllegalArgumentException.class, () -> UploadOptions.builder().name("a")
                    .mimeType(bad).build(), bad);
            assertTrue(e.getMessage().contains("mimeType"), e.getMessage());
        }
    }

    @Test
    void aSettingsUpdateSendsOnlyWhatWasSetAndNullForTheServers() {
        assertEquals("{\"max_bytes\":5000000}", Json.writeString(UpdateAttachmentSettingsParams.builder()
                .maxBytes(5_000_000L).build()));
        assertEquals("{\"allowed_types\":[\"image/png\"]}", Json.writeString(UpdateAttachmentSettingsParams
                .builder().allowedTypes("image/png").build()));
        assertEquals("{\"max_bytes\":null,\"allowed_types\":null}", Json.writeString(UpdateAttachmentSettingsParams
                .builder().clearMaxBytes().clearAllowedTypes().build()));
    }
}
