package io.oichat.model;

import java.time.Instant;

/**
 * An end user of the project: someone {@code auth().createToken} issued a token to (until they are
 * deleted). {@code name}, {@code info} and {@code role} are what {@code createToken} calls
 * {@code userName}, {@code userInfo} and {@code role}.
 *
 * @param name null when unset
 * @param info every field null when unset
 * @param createdAt when the user was first issued a token
 */
public record User(String userId, String name, UserRole role, UserInfo info, Instant createdAt, Instant updatedAt) {}
