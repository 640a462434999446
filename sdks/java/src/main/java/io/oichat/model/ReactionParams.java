package io.oichat.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code messages().addReaction/removeReaction(messageId, …)}: whose reaction ({@code userId}, a
 * participant of the message's room) and which ({@code type}, an emoji or a short name: 1–64
 * characters, no control characters, no surrounding spaces). Both required.
 */
public final class ReactionParams {
    private final String userId;
    private final String type;

    private ReactionParams(String userId, String type) {
        this.userId = Params.required(userId, "ReactionParams", "userId");
        this.type = Params.required(type, "ReactionParams", "type");
    }

    /** {@code ReactionParams.of("user-123", "👍")}. */
    public static ReactionParams of(String userId, String type) {
        return new ReactionParams(userId, type);
    }

    public String userId() {
        return userId;
    }

    public String type() {
        return type;
    }

    @JsonValue
    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("user_id", userId);
        json.put("type", type);
        return json;
    }

    @Override
    public String toString() {
        return "ReactionParams" + json();
    }
}
