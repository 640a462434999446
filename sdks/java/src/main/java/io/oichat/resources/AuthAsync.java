package io.oichat.resources;

import io.oichat.RequestOptions;
import io.oichat.internal.ApiRequest;
import io.oichat.internal.Json;
import io.oichat.internal.Transport;
import io.oichat.internal.UrlPath;
import io.oichat.model.CreateTokenParams;
import io.oichat.model.RevokeTokensResponse;
import io.oichat.model.TokenResponse;
import java.util.concurrent.CompletableFuture;

/** {@code oichat.async().auth()}: the calls of {@link Auth}, returning futures. */
public final class AuthAsync {
    private final Transport transport;

    public AuthAsync(Transport transport) {
        this.transport = transport;
    }

    /** See {@link Auth#createToken(CreateTokenParams, RequestOptions)}. */
    public CompletableFuture<TokenResponse> createToken(CreateTokenParams params, RequestOptions options) {
        Bodies.required(params, "auth.createToken", "params");
        return transport.send(ApiRequest.post(UrlPath.of("/v1/auth/token"), params, Json.type(TokenResponse.class)),
                options);
    }

    public CompletableFuture<TokenResponse> createToken(CreateTokenParams params) {
        return createToken(params, RequestOptions.none());
    }

    /** See {@link Auth#refreshToken(String, RequestOptions)}. */
    public CompletableFuture<TokenResponse> refreshToken(String token, RequestOptions options) {
        return transport.send(ApiRequest.post(UrlPath.of("/v1/auth/refresh"),
                Bodies.of("auth.refreshToken", "token", "token", token), Json.type(TokenResponse.class)), options);
    }

    public CompletableFuture<TokenResponse> refreshToken(String token) {
        return refreshToken(token, RequestOptions.none());
    }

    /** See {@link Auth#revokeTokens(String, RequestOptions)}. */
    public CompletableFuture<RevokeTokensResponse> revokeTokens(String userId, RequestOptions options) {
        return transport.send(ApiRequest.post(UrlPath.of("/v1/auth/revoke"),
                Bodies.of("auth.revokeTokens", "userId", "user_id", userId), Json.type(RevokeTokensResponse.class)),
                options);
    }

    public CompletableFuture<RevokeTokensResponse> revokeTokens(String userId) {
        return revokeTokens(userId, RequestOptions.none());
    }
}
