package io.oichat.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code v2} request signature of docs/http-api.md ("Authentication"): lowercase hex
 * HMAC-SHA256, keyed with the UTF-8 bytes of the secret key, over the seven lines
 * {@code v2\n<timestamp>\n<nonce>\n<METHOD>\n<path-with-query>\n<idempotency-key or empty>\n<sha256(body)>}.
 * The server accepts each signature once, so every attempt is signed with a new nonce. The same
 * bytes as the server and the Node SDK, checked by both against spec/signing-vectors.json. The secret lives
 * only in this object's key, which does not print its material. Thread-safe. Internal: not part of
 * the SDK's API.
 */
public final class RequestSigning {
    public static final String VERSION = "v2";
    /** SHA-256 of the empty string: the body hash of every request without a body. */
    public static final String EMPTY_BODY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final Mac prototype;

    public RequestSigning(String secretKey) {
        try {
            prototype = Mac.getInstance("HmacSHA256");
            prototype.init(new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("OiChat: this JVM has no HmacSHA256", e);
        }
    }

    /** {@code idempotencyKey}: the header as sent, or null when the request has none. */
    public static String stringToSign(String timestamp, String nonce, String method, String pathWithQuery,
            String idempotencyKey, String bodySha256) {
        return String.join("\n", VERSION, timestamp, nonce, method.toUpperCase(java.util.Locale.ROOT), pathWithQuery,
                idempotencyKey == null ? "" : idempotencyKey, bodySha256);
    }

    /** The {@code X-OiChat-Signature} value of one request: {@code "v2="} and 64 hex digits. */
    public String sign(String timestamp, String nonce, String method, String pathWithQuery, String idempotencyKey,
            String bodySha256) {
        Mac mac;
        try {
            // A Mac is not thread-safe; a clone of the initialised one costs less than a new init.
            mac = (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("OiChat: HmacSHA256 cannot be cloned", e);
        }
        byte[] digest = mac.doFinal(stringToSign(timestamp, nonce, method, pathWithQuery, idempotencyKey, bodySha256)
                .getBytes(StandardCharsets.UTF_8));
        return VERSION + "=" + hex(digest);
    }

    public static String sha256Hex(byte[] body) {
        if (body.length == 0) return EMPTY_BODY_SHA256;
        try {
            return hex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("OiChat: this JVM has no SHA-256", e);
        }
    }

    public static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[bytes[i] & 0xf];
        }
        return new String(out);
    }

    @Override
    public String toString() {
        return "RequestSigning(v2, HMAC-SHA256)";
    }
}
