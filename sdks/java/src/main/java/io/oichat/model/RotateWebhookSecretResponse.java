package io.oichat.model;

import java.time.Instant;

/** A new signing secret; until {@code previousSecretExpiresAt}, deliveries are signed with the old one too. */
public record RotateWebhookSecretResponse(String secret, Instant previousSecretExpiresAt) {
    @Override
    public String toString() {
        return "RotateWebhookSecretResponse[secret=<hidden>, previousSecretExpiresAt=" + previousSecretExpiresAt + "]";
    }
}
