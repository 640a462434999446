package io.oichat;

import static io.oichat.testing.FaultServer.error;
import static io.oichat.testing.FaultServer.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oichat.internal.RequestSigning;
import io.oichat.model.Attachment;
import io.oichat.model.UploadOptions;
import io.oichat.testing.FaultServer;
import io.oichat.testing.ManualScheduler;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An upload against the JDK's HttpServer scripted to fail: the raw body is signed over its own
 * SHA-256 with the name in the signed target, and every retry sends the same bytes (from the
 * array, the file, or the stream's temporary copy) under the same idempotency key, signed anew.
 */
class UploadRetriesTest {
    static final String ATTACHMENT = "{\"attachment_id\":\"att_1\",\"room_id\":\"room_1\",\"name\":\"a b.txt\","
            + "\"mime_type\":\"text/plain\",\"size\":5,\"sha256\":\"x\",\"url\":\"http://127.0.0.1/c\","
            + "\"url_expires_at\":\"2026-11-25T11:31:32.123Z\",\"uploader_id\":null,\"message_id\":null,"
            + "\"created_at\":\"2026-11-25T10:31:32.123Z\"}";
    static final byte[] BYTES = "hello, 세계\n".repeat(1000).getBytes(StandardCharsets.UTF_8);
    static final String SECRET = "sk_test_secret";

    FaultServer server;
    ManualScheduler waits;

    @BeforeEach
    void start() throws Exception {
        server = new FaultServer().always(json(201, ATTACHMENT));
        waits = ManualScheduler.immediate();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    OiChat client() {
        return TestClients.at(server.url(), waits).build();
    }

    /** Both attempts: the same bytes, key and target, each with its own nonce and a signature over the bytes' hash. */
    static void assertSameUploadSignedAnew(List<FaultServer.Seen> seen, String contentType) {
        assertEquals(2, seen.size());
        String target = "/v1/rooms/room_1/attachments?name=a%20b.txt";
        for (FaultServer.Seen attempt : seen) {
            assertEquals("POST", attempt.method());
            assertEquals(target, attempt.target());
            assertArrayEquals(BYTES, attempt.body());
            assertEquals(contentType, attempt.header("Content-Type"));
            assertEquals(Integer.toString(BYTES.length), attempt.header("Content-Length"), "sent with its length");
            String expected = new RequestSigning(SECRET).sign(attempt.header("X-OiChat-Timestamp"),
                    attempt.header("X-OiChat-Nonce"), "POST", target, attempt.header("Idempotency-Key"),
                    RequestSigning.sha256Hex(BYTES));
            assertEquals(expected, attempt.header("X-OiChat-Signature"));
        }
        assertEquals(seen.get(0).header("Idempotency-Key"), seen.get(1).header("Idempotency-Key"));
        assertNotEquals(seen.get(0).header("X-OiChat-Nonce"), seen.get(1).header("X-OiChat-Nonce"));
    }

    @Test
    void bytesAreResentAfterA503() {
        server.then(error(503, "storage_unavailable", "storage down"));
        Attachment attachment = client().attachments().upload("room_1", BYTES, UploadOptions.builder().name("a b.txt")
                .mimeType("text/plain; charset=utf-8").build());
        assertEquals("att_1", attachment.attachmentId());
        assertSameUploadSignedAnew(server.seen(), "text/plain; charset=utf-8");
    }

    @Test
    void aFileIsReadAgainAfterADroppedConnection() throws Exception {
        Path file = Files.createTempFile("oichat-test-", ".txt");
        try {
            Files.write(file, BYTES);
            server.then(FaultServer.drop());
            client().attachments().upload("room_1", file, UploadOptions.named("a b.txt"));
            assertSameUploadSignedAnew(server.seen(), "application/octet-stream");
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void aStreamIsReadOnceAndResentFromItsCopy() throws IOException {
        int[] reads = new int[1];
        InputStream stream = new ByteArrayInputStream(BYTES) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                reads[0]++;
                return super.read(b, off, len);
            }
        };
        server.then(error(502, "bad_gateway", "proxy"));
        client().attachments().upload("room_1", stream, UploadOptions.named("a b.txt"),
                RequestOptions.idempotencyKey("upload-1"));
        assertSameUploadSignedAnew(server.seen(), "application/octet-stream");
        assertEquals("upload-1", server.seen().get(0).header("Idempotency-Key"));
        int readsAfter = reads[0];
        assertEquals(-1, stream.read(), "the stream was read to its end");
        assertEquals(readsAfter, reads[0], "and not again for the retry");
    }

    @Test
    void aRefusalIsNotRetriedAndCarriesTheServersCode() {
        server.always(error(415, "attachment_type_not_allowed", "text/html is not allowed"));
        OiChatApiException e = assertThrows(OiChatApiException.class, () -> client().attachments().upload("room_1",
                BYTES, UploadOptions.named("a b.txt")));
        assertEquals(415, e.statusCode());
        assertEquals(OiChatErrorCodes.ATTACHMENT_TYPE_NOT_ALLOWED, e.errorCode());
        assertEquals(1, server.seen().size());
    }

    @Test
    void aStreamThatFailsToReadFailsTheCallBeforeAnythingIsSent() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("disk on fire");
            }
        };
        OiChatException e = assertThrows(OiChatException.class, () -> client().attachments().upload("room_1", broken,
                UploadOptions.named("a b.txt")));
        assertTrue(e.getMessage().contains("disk on fire"), e.getMessage());
        assertInstanceOf(IOException.class, e.getCause());
        assertEquals(List.of(), server.seen());
    }

    @Test
    void cancellingAnUploadStopsItWhileTheStreamIsBeingRead() throws Exception {
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // One byte, then a read that waits for the test, then the end: ignoring the cancel would send it.
        InputStream slow = new InputStream() {
            int calls;

            @Override
            public int read() {
                return 'a';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (++calls > 2) return -1;
                if (calls == 2) {
                    reading.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                b[off] = 'a';
                return 1;
            }
        };
        CompletableFuture<Attachment> upload = client().async().attachments().upload("room_1", slow,
                UploadOptions.named("a b.txt"));
        assertTrue(reading.await(10, TimeUnit.SECONDS));
        assertTrue(upload.cancel(true));
        release.countDown();
        // Marker: a later call reaches the server, and it is the only request it saw.
        client().attachments().get("att_1");
        List<FaultServer.Seen> seen = server.seen();
        assertEquals(1, seen.size());
        assertEquals("GET", seen.get(0).method());
        assertNull(seen.get(0).header("Idempotency-Key"));
    }

    @Test
    void cancellingAnUploadStopsTheAttemptUnderWay() throws Exception {
        server.always(FaultServer.hang());
        CompletableFuture<Attachment> upload = client().async().attachments().upload("room_1", BYTES,
                UploadOptions.named("a b.txt"));
        server.awaitSeen(1);
        assertTrue(upload.cancel(true));
        assertTrue(upload.isCancelled());
        assertEquals(1, server.seen().size());
        assertTrue(waits.waits().isEmpty(), "nothing retried");
    }
}
