package io.oichat.model;

/** A live event was published on a channel. */
public record ChannelEventResponse(String channel, String event) {}
