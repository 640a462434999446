package io.oichat;

/**
 * A webhook delivery is not authentic, not fresh or not well formed: answer it with a 4xx and do
 * not act on it. {@link #reason()} says which check refused it.
 */
public class OiChatWebhookVerificationException extends OiChatException {
    private static final long serialVersionUID = 1L;

    /** Why a delivery was refused; {@link #code()} is the same string the Node SDK reports. */
    public enum Reason {
        /** {@code webhook-id}, {@code webhook-timestamp} or {@code webhook-signature} is absent or empty. */
        MISSING_HEADER("missing_header"),
        /** {@code webhook-timestamp} is not Unix time in whole seconds. */
        INVALID_TIMESTAMP("invalid_timestamp"),
        /** Older than the tolerance (5 minutes by default): a replay of an old delivery? */
        TIMESTAMP_TOO_OLD("timestamp_too_old"),
        /** Further in the future than the tolerance. */
        TIMESTAMP_TOO_NEW("timestamp_too_new"),
        /** No signature in {@code webhook-signature} matches this body and secret. */
        INVALID_SIGNATURE("invalid_signature"),
        /** The secret given to verify is not {@code whsec_} followed by base64. */
        MALFORMED_SECRET("malformed_secret"),
        /** The signed body is not an OiChat event (not JSON, or its id differs from {@code webhook-id}). */
        MALFORMED_PAYLOAD("malformed_payload");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        /** The reason as a string, e.g. {@code "invalid_signature"}. */
        public String code() {
            return code;
        }
    }

    private final Reason reason;

    public OiChatWebhookVerificationException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
