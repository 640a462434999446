package io.oichat.resources;

import io.oichat.RequestOptions;
import io.oichat.internal.Paging;
import io.oichat.internal.Sync;
import io.oichat.model.CursorPage;
import io.oichat.model.DeleteUserParams;
import io.oichat.model.DeleteUserResponse;
import io.oichat.model.ListUsersParams;
import io.oichat.model.UpdateUserParams;
import io.oichat.model.User;

/**
 * {@code oichat.users()}: the project's end users (those {@code auth().createToken} issued a token
 * to): listing, reading, changing their profile and role, and deleting them.
 */
public final class Users {
    private final UsersAsync async;

    public Users(UsersAsync async) {
        this.async = async;
    }

    /**
     * One page of users, newest first (by their first token), optionally of one role; pass
     * {@code nextCursor()} back as {@code cursor} for the next page. {@code GET /v1/users}.
     */
    public CursorPage<User> list(ListUsersParams params, RequestOptions options) {
        return Sync.await(async.list(params, options));
    }

    public CursorPage<User> list(ListUsersParams params) {
        return list(params, RequestOptions.none());
    }

    /** The first page of every user of the project. */
    public CursorPage<User> list() {
        return list(ListUsersParams.all(), RequestOptions.none());
    }

    /** Every user of the list, page after page as the loop asks for them (one request a page). */
    public Iterable<User> listAll(ListUsersParams params, RequestOptions options) {
        ListUsersParams p = params == null ? ListUsersParams.all() : params;
        return Paging.all(p.cursor(), cursor -> list(p.toBuilder().cursor(cursor).build(), options));
    }

    public Iterable<User> listAll(ListUsersParams params) {
        return listAll(params, RequestOptions.none());
    }

    /**
     * {@code 404 user_not_found} for a user never issued a token (or deleted), even one who is in
     * rooms. {@code GET /v1/users/{user_id}}.
     */
    public User get(String userId, RequestOptions options) {
        return Sync.await(async.get(userId, options));
    }

    public User get(String userId) {
        return get(userId, RequestOptions.none());
    }

    /**
     * Changes any of name (null clears it), info (replaced whole) and role. Tokens already issued
     * keep the claims they were issued with; the next {@code createToken} carries the new profile.
     * {@code PATCH /v1/users/{user_id}}.
     */
    public User update(String userId, UpdateUserParams params, RequestOptions options) {
        return Sync.await(async.update(userId, params, options));
    }

    public User update(String userId, UpdateUserParams params) {
        return update(userId, params, RequestOptions.none());
    }

    /**
     * Deletes the user, in one transaction: revokes their tokens, takes them out of every room (the
     * last one out deletes the room), and with {@code redactMessages} erases their messages.
     * {@code 404 user_not_found} for a user never issued a token, already deleted, or deleted by an
     * attempt whose answer was lost. {@code DELETE /v1/users/{user_id}}.
     */
    public DeleteUserResponse delete(String userId, DeleteUserParams params, RequestOptions options) {
        return Sync.await(async.delete(userId, params, options));
    }

    public DeleteUserResponse delete(String userId, DeleteUserParams params) {
        return delete(userId, params, RequestOptions.none());
    }

    /** Deletes the user; their messages stay. */
    public DeleteUserResponse delete(String userId) {
        return delete(userId, DeleteUserParams.keepMessages(), RequestOptions.none());
    }
}
