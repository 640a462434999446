package io.oichat.resources;

import io.oichat.RequestOptions;
import io.oichat.internal.Sync;
import io.oichat.model.CreateTokenParams;
import io.oichat.model.RevokeTokensResponse;
import io.oichat.model.TokenResponse;

/** {@code oichat.auth()}: user tokens (JWTs) for the client SDKs, issued and renewed by your backend. */
public final class Auth {
    private final AuthAsync async;

    public Auth(AuthAsync async) {
        this.async = async;
    }

    /**
     * Issues a 24-hour JWT for a user and records the user (or updates their role and whichever of
     * name and info are given). {@code POST /v1/auth/token}.
     */
    public TokenResponse createToken(CreateTokenParams params, RequestOptions options) {
        return Sync.await(async.createToken(params, options));
    }

    public TokenResponse createToken(CreateTokenParams params) {
        return createToken(params, RequestOptions.none());
    }

    /**
     * Renews a token of this project, even an expired one (by at most 30 days), with the same user
     * claims; {@code 401 invalid_token}, {@code token_too_old} or {@code token_revoked} otherwise.
     * {@code POST /v1/auth/refresh}.
     */
    public TokenResponse refreshToken(String token, RequestOptions options) {
        return Sync.await(async.refreshToken(token, options));
    }

    public TokenResponse refreshToken(String token) {
        return refreshToken(token, RequestOptions.none());
    }

    /**
     * Revokes every token issued to the user so far: the end-user API refuses them and their open
     * connections close; tokens issued afterwards work. {@code POST /v1/auth/revoke}.
     */
    public RevokeTokensResponse revokeTokens(String userId, RequestOptions options) {
        return Sync.await(async.revokeTokens(userId, options));
    }

    public RevokeTokensResponse revokeTokens(String userId) {
        return revokeTokens(userId, RequestOptions.none());
    }
}
