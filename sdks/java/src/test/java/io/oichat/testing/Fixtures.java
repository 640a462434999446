package io.oichat.testing;

import java.nio.file.Path;
import java.util.Base64;

/** Files the upload tests send: real ones, which the server judges by their bytes. */
public final class Fixtures {
    private Fixtures() {}

    /** A one-page PDF (the Node SDK's tests upload it too). */
    public static Path pdf() {
        return TestServer.repoRoot().resolve("packages/server-sdk/test/fixtures/invoice.pdf");
    }

    /** A 1×1 PNG: the smallest real image, which the server decodes and thumbnails. */
    public static byte[] dotPng() {
        return Base64.getDecoder().decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA6"
                + "0e6kgAAAABJRU5ErkJggg==");
    }
}
