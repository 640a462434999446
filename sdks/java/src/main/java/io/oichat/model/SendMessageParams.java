package io.oichat.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code messages().send(…)}: {@code roomId}, {@code senderId} and {@code content} are required. */
public final class SendMessageParams {
    private final String roomId;
    private final String senderId;
    private final String content;
    private final MessageContentType contentType;
    private final Map<String, Object> metadata;
    private final String parentId;
    private final List<String> mentions;

    private SendMessageParams(Builder b) {
        roomId = Params.required(b.roomId, "SendMessageParams", "roomId");
        senderId = Params.required(b.senderId, "SendMessageParams", "senderId");
        content = Params.required(b.content, "SendMessageParams", "content");
        contentType = Params.known(b.contentType, "SendMessageParams", "contentType");
        metadata = Params.copy(b.metadata);
        parentId = b.parentId;
        mentions = Params.copy(b.mentions, "SendMessageParams", "mentions");
    }

    public static Builder builder() {
        return new Builder();
    }

    public String roomId() {
        return roomId;
    }

    public String senderId() {
        return senderId;
    }

    public String content() {
        return content;
    }

    public MessageContentType contentType() {
        return contentType;
    }

    public Map<String, Object> metadata() {
        return metadata;
    }

    public String parentId() {
        return parentId;
    }

    public List<String> mentions() {
        return mentions;
    }

    @JsonValue
    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("room_id", roomId);
        json.put("sender_id", senderId);
        json.put("content", content);
        if (contentType != null) json.put("content_type", contentType);
        if (metadata != null) json.put("metadata", metadata);
        if (parentId != null) json.put("parent_id", parentId);
        if (mentions != null) json.put("mentions", mentions);
        return json;
    }

    @Override
    public String toString() {
        return "SendMessageParams" + json();
    }

    public static final class Builder {
        private String roomId;
        private String senderId;
        private String content;
        private MessageContentType contentType;
        private Map<String, Object> metadata;
        private String parentId;
        private List<String> mentions;

        private Builder() {}

        public Builder roomId(String roomId) {
            this.roomId = roomId;
            return this;
        }

        /** A participant's user id, or {@code "system"}. */
        public Builder senderId(String senderId) {
            this.senderId = senderId;
            return this;
        }

        /** 1–10 000 characters. */
        public Builder content(String content) {
            this.content = content;
            return this;
        }

        /** Default {@link MessageContentType#TEXT}. */
        public Builder contentType(MessageContentType contentType) {
            this.contentType = contentType;
            return this;
        }

        /** Any JSON object, at most 8 KB. */
        public Builder metadata(Map<String, Object> metadata) {
            this.metadata = metadata;
            return this;
        }

        /**
         * Makes the message a reply in the thread of this message of the same room (a reply to a
         * reply joins its root's thread); another room's message is a {@code 400}.
         */
        public Builder parentId(String parentId) {
            this.parentId = parentId;
            return this;
        }

        /** Participants of the room the message mentions, at most 50; anyone else is a {@code 400} naming the id. */
        public Builder mentions(List<String> mentions) {
            this.mentions = mentions;
            return this;
        }

        public Builder mentions(String... mentions) {
            return mentions(mentions == null ? null : java.util.Arrays.asList(mentions));
        }

        public SendMessageParams build() {
            return new SendMessageParams(this);
        }
    }
}
