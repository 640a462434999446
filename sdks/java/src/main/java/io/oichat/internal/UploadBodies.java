package io.oichat.internal;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * The bodies of uploads, each a {@link RawBody} whose SHA-256 is known before it is sent (the
 * request signature covers it) and whose bytes are never held in memory beyond what the caller
 * handed over: an array is sent as it is, a file is hashed in one pass of small reads and then
 * streamed from disk on each attempt, and a stream, which can be read only once, is copied to a
 * temporary file (readable by this user only) while it is hashed, then sent like a file and
 * deleted when the call ends. Internal: not part of the SDK's API.
 */
public final class UploadBodies {
    private static final int CHUNK = 64 * 1024;

    private UploadBodies() {}

    /** A body and what to undo once the call has ended (the temporary copy of a stream). */
    public record Prepared(RawBody body, Path temporary) implements AutoCloseable {
        @Override
        public void close() {
            if (temporary == null) return;
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException e) {
                // The OS removes its temporary files eventually; a failed delete must not fail the call.
            }
        }
    }

    /** The caller's array, sent as it is on every attempt: it must not change until the call ends. */
    public static Prepared of(byte[] data, String contentType) {
        return new Prepared(new RawBody(contentType, data.length, RequestSigning.sha256Hex(data),
                () -> HttpRequest.BodyPublishers.ofByteArray(data)), null);
    }

    /**
     * A file, hashed now and read again by each attempt: if it changes in between, the server
     * refuses the signature ({@code 401 invalid_signature}).
     */
    public static Prepared of(Path file, String contentType, BooleanSupplier cancelled) throws IOException {
        MessageDigest digest = sha256();
        long length;
        try (InputStream in = Files.newInputStream(file)) {
            length = copy(in, null, digest, cancelled);
        }
        return new Prepared(fileBody(file, contentType, length, digest), null);
    }

    /** A stream, read to its end (not closed: the caller's) into a temporary file sent like any file. */
    public static Prepared spool(InputStream in, String contentType, BooleanSupplier cancelled) throws IOException {
        // createTempFile makes it readable and writable by this user only (POSIX: rw-------).
        Path temporary = Files.createTempFile("oichat-upload-", ".part");
        try {
            MessageDigest digest = sha256();
            long length;
            try (OutputStream out = Files.newOutputStream(temporary)) {
                length = copy(in, out, digest, cancelled);
            }
            return new Prepared(fileBody(temporary, contentType, length, digest), temporary);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
    }

    private static RawBody fileBody(Path file, String contentType, long length, MessageDigest digest) {
        return new RawBody(contentType, length, RequestSigning.hex(digest.digest()), () -> {
            try {
                return HttpRequest.BodyPublishers.ofFile(file);
            } catch (FileNotFoundException e) {
                throw new UncheckedIOException("the file " + file + " is gone", e);
            }
        });
    }

    private static long copy(InputStream in, OutputStream out, MessageDigest digest, BooleanSupplier cancelled)
            throws IOException {
        byte[] buffer = new byte[CHUNK];
        long total = 0;
        for (int n; (n = in.read(buffer)) != -1; ) {
            if (cancelled.getAsBoolean()) throw new CancellationException("the upload was cancelled");
            digest.update(buffer, 0, n);
            if (out != null) out.write(buffer, 0, n);
            total += n;
        }
        return total;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("OiChat: this JVM has no SHA-256", e);
        }
    }
}
