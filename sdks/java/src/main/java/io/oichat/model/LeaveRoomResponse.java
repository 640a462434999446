package io.oichat.model;

/** A user left a room; {@code destroyed} is true when they were the last one and the room was deleted. */
public record LeaveRoomResponse(String roomId, String userId, boolean destroyed) {}
