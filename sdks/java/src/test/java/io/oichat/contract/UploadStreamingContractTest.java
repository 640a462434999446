package io.oichat.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oichat.OiChat;
import io.oichat.TestClients;
import io.oichat.internal.RequestSigning;
import io.oichat.model.Attachment;
import io.oichat.testing.ChildJvm;
import io.oichat.testing.LargeUploads;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Uploads are streamed: a JVM with a 16 MiB heap uploads a 20 MiB file and a 20 MiB stream to the
 * real server, which receives every byte; and the temporary copy of the stream is gone afterwards
 * (the child's temporary directory is one of its own, so nothing else writes there).
 */
class UploadStreamingContractTest {
    static final long SIZE = 20L * 1024 * 1024;

    final OiChat oichat = TestClients.real();

    @Test
    void aFileAndAStreamLargerThanTheHeapAreUploadedWhole() throws Exception {
        Path temp = Files.createTempDirectory("oichat-streaming-");
        Path file = temp.resolve("large.txt");
        Path childTemp = Files.createDirectory(temp.resolve("child-tmp"));
        try {
            try (InputStream lines = new LargeUploads.Lines(SIZE)) {
                Files.copy(lines, file);
            }
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (InputStream lines = new LargeUploads.Lines(SIZE)) {
                byte[] buffer = new byte[65536];
                for (int n; (n = lines.read(buffer)) != -1; ) digest.update(buffer, 0, n);
            }
            String sha256 = RequestSigning.hex(digest.digest());

            String output = ChildJvm.run(List.of("-Xmx16m", "-Djava.io.tmpdir=" + childTemp), LargeUploads.class,
                    Long.toString(SIZE), file.toString());
            long heap = Long.parseLong(line(output, "heap "));
            assertTrue(heap < SIZE, "the child's heap (" + heap + " bytes) is smaller than each upload");
            for (String kind : List.of("file ", "stream ")) {
                Attachment attachment = oichat.attachments().get(line(output, kind));
                assertEquals(SIZE, attachment.size(), kind);
                assertEquals(sha256, attachment.sha256(), kind);
                assertEquals("text/plain", attachment.mimeType(), kind);
            }
            try (Stream<Path> left = Files.list(childTemp)) {
                assertEquals(List.of(), left.toList(), "the stream's temporary copy is deleted");
            }
        } finally {
            try (Stream<Path> all = Files.walk(temp)) {
                all.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    static String line(String output, String prefix) {
        return output.lines().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length()).trim())
                .findFirst().orElseThrow(() -> new AssertionError("no \"" + prefix + "\" line in:\n" + output));
    }
}
