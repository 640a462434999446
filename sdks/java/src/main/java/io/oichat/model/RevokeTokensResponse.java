package io.oichat.model;

import java.time.Instant;

/** Every token issued to {@code userId} before {@code revokedAt} stopped working. */
public record RevokeTokensResponse(String userId, Instant revokedAt) {}
