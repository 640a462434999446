package io.oichat.model;

import java.time.Instant;

/**
 * What {@code users().delete(…)} did.
 *
 * @param roomsLeft rooms the user was taken out of
 * @param roomsDeleted of those, rooms deleted because the user was the last participant
 * @param messagesRedacted messages erased (0 without {@code redactMessages})
 */
public record DeleteUserResponse(String userId, Instant deletedAt, int roomsLeft, int roomsDeleted,
        long messagesRedacted) {}
