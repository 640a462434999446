package io.oichat.resources;

import com.fasterxml.jackson.databind.JavaType;
import io.oichat.RequestOptions;
import io.oichat.internal.ApiRequest;
import io.oichat.internal.Json;
import io.oichat.internal.Transport;
import io.oichat.internal.UrlPath;
import io.oichat.model.CursorPage;
import io.oichat.model.DeleteUserParams;
import io.oichat.model.DeleteUserResponse;
import io.oichat.model.ListUsersParams;
import io.oichat.model.UpdateUserParams;
import io.oichat.model.User;
import java.util.concurrent.CompletableFuture;

/** {@code oichat.async().users()}: the calls of {@link Users}, returning futures. */
public final class UsersAsync {
    private static final JavaType USER = Json.type(User.class);
    private static final JavaType USER_PAGE = Json.type(CursorPage.class, User.class);

    private final Transport transport;

    public UsersAsync(Transport transport) {
        this.transport = transport;
    }

    private static UrlPath user(String userId) {
        return UrlPath.of("/v1/users").segment("userId", userId);
    }

    /** See {@link Users#list(ListUsersParams, RequestOptions)}. */
    public CompletableFuture<CursorPage<User>> list(ListUsersParams params, RequestOptions options) {
        ListUsersParams p = params == null ? ListUsersParams.all() : params;
        UrlPath path = UrlPath.of("/v1/users").query("role", p.role()).query("limit", p.limit())
                .query("cursor", p.cursor());
        return transport.send(ApiRequest.get(path, USER_PAGE), options);
    }

    public CompletableFuture<CursorPage<User>> list(ListUsersParams params) {
        return list(params, RequestOptions.none());
    }

    public CompletableFuture<CursorPage<User>> list() {
        return list(ListUsersParams.all(), RequestOptions.none());
    }

    /** See {@link Users#get(String, RequestOptions)}. */
    public CompletableFuture<User> get(String userId, RequestOptions options) {
        return transport.send(ApiRequest.get(user(userId), USER), options);
    }

    public CompletableFuture<User> get(String userId) {
        return get(userId, RequestOptions.none());
    }

    /** See {@link Users#update(String, UpdateUserParams, RequestOptions)}. */
    public CompletableFuture<User> update(String userId, UpdateUserParams params, RequestOptions options) {
        Bodies.required(params, "users.update", "params");
        return transport.send(ApiRequest.patch(user(userId), params, USER), options);
    }

    public CompletableFuture<User> update(String userId, UpdateUserParams params) {
        return update(userId, params, RequestOptions.none());
    }

    /** See {@link Users#delete(String, DeleteUserParams, RequestOptions)}. */
    public CompletableFuture<DeleteUserResponse> delete(String userId, DeleteUserParams params,
            RequestOptions options) {
        DeleteUserParams p = params == null ? DeleteUserParams.keepMessages() : params;
        UrlPath path = user(userId).query("redact_messages", p.redactMessagesOrNull());
        return transport.send(ApiRequest.delete(path, Json.type(DeleteUserResponse.class)), options);
    }

    public CompletableFuture<DeleteUserResponse> delete(String userId, DeleteUserParams params) {
        return delete(userId, params, RequestOptions.none());
    }

    public CompletableFuture<DeleteUserResponse> delete(String userId) {
        return delete(userId, DeleteUserParams.keepMessages(), RequestOptions.none());
    }
}
