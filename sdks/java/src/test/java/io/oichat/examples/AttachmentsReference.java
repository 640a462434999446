package io.oichat.examples;

import io.oichat.OiChat;
import io.oichat.model.Attachment;
import io.oichat.model.AttachmentSettings;
import io.oichat.model.Message;
import io.oichat.model.MessageContentType;
import io.oichat.model.Room;
import io.oichat.model.SendMessageParams;
import io.oichat.model.UpdateAttachmentSettingsParams;
import io.oichat.model.UploadOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The README's attachments examples, run by the tests against the real server. */
public final class AttachmentsReference {
    private AttachmentsReference() {}

    /** What the calls returned, for the test to check. */
    public record Results(Attachment invoice, Attachment photo, Attachment scan, Message sent, Attachment fresh) {}

    /** {@code room} has the participant "agent-1"; {@code pdfPath} is a PDF, {@code pngBytes} a PNG. */
    public static Results attachments(OiChat oichat, Room room, Path pdfPath, byte[] pngBytes) throws IOException {
        // readme:attachments
        // Upload a file from disk, under its own name: streamed, never held in memory
        Attachment invoice = oichat.attachments().upload(room.roomId(), pdfPath);

        // Or bytes, with the name recipients see and the type you believe it is (the server believes the bytes)
        Attachment photo = oichat.attachments().upload(room.roomId(), pngBytes, UploadOptions.builder()
                .name("parcel.png")    // Required
                .mimeType("image/png") // Optional
                .build());
        // images: photo.width(), photo.height(), photo.blurhash(), photo.thumbnail().url()

        // Or a stream, read to its end (you close it)
        Attachment scan;
        try (InputStream in = Files.newInputStream(pdfPath)) {
            scan = oichat.attachments().upload(room.roomId(), in, UploadOptions.named("scan.pdf"));
        }

        // Send them: IMAGE and FILE messages carry up to 10 attachments; content is an optional caption
        Message sent = oichat.messages().send(SendMessageParams.builder()
                .roomId(room.roomId())
                .senderId("agent-1")
                .contentType(MessageContentType.FILE)
                .content("Your invoice")
                .attachments(invoice.attachmentId(), scan.attachmentId())
                .build());

        // Fresh signed download URLs (valid 1 hour) whenever you need them
        Attachment fresh = oichat.attachments().get(invoice.attachmentId());
        String url = fresh.url(); // no credentials needed until fresh.urlExpiresAt()
        // readme:end
        return new Results(invoice, photo, scan, sent, fresh);
    }

    public static AttachmentSettings settings(OiChat oichat) {
        // readme:attachment-settings
        // Narrow the project's limits within the server's; clearMaxBytes()/clearAllowedTypes() go back to them
        AttachmentSettings settings = oichat.attachments().updateSettings(UpdateAttachmentSettingsParams.builder()
                .maxBytes(5_000_000L)
                .allowedTypes("image/jpeg", "image/png", "application/pdf")
                .build());
        // settings.effective(): what the next upload is held to; settings.server(): the ceiling
        // readme:end
        return settings;
    }
}
