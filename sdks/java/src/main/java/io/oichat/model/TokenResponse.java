package io.oichat.model;

import java.time.Instant;

/** A user's JWT (ES256, valid 24 hours) and when it expires. */
public record TokenResponse(String token, Instant expiresAt) {
    @Override
    public String toString() {
        // A token is a credential: logs get its length, not its value.
        return "TokenResponse[token=<" + (token == null ? 0 : token.length()) + " chars>, expiresAt=" + expiresAt + "]";
    }
}
