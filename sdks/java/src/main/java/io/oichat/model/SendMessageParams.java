package io.oichat.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code messages().send(…)}: {@code roomId} and {@code senderId} are required, and {@code content}
 * unless {@code attachments} are given (then it is an optional caption).
 */
public final class SendMessageParams {
    private final String roomId;
    private final String senderId;
    private final String content;
    private final MessageContentType contentType;
    private final Map<String, Object> metadata;
    private final String parentId;
    private final List<String> mentions;
    private final List<String> attachments;

    private SendMessageParams(Builder b) {
        roomId = Params.required(b.roomId, "SendMessageParams", "roomId");
        senderId = Params.required(b.senderId, "SendMessageParams", "senderId");
        // With attachments the content is a caption, which may be left out.
        content = b.attachments != null ? b.content : Params.required(b.content, "SendMessageParams", "content");
        contentType = Params.known(b.contentType, "SendMessageParams", "contentType");
        metadata = Params.copy(b.metadata);
        parentId = b.parentId;
        mentions = Params.copy(b.mentions, "SendMessageParams", "mentions");
        attachments = Params.copy(b.attachments, "SendMessageParams", "attachments");
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

    public List<String> attachments() {
        return attachments;
    }

    @JsonValue
    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("room_id", roomId);
        json.put("sender_id", senderId);
        if (content != null) json.put("content", content);
        if (contentType != null) json.put("content_type", contentType);
        if (metadata != null) json.put("metadata", metadata);
        if (parentId != null) json.put("parent_id", parentId);
        if (mentions != null) json.put("mentions", mentions);
        if (attachments != null) json.put("attachments", attachments);
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
        private Map<String, ?> metadata;
        private String parentId;
        private List<String> mentions;
        private List<String> attachments;

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

        /**
         * 1–10 000 characters. For {@code IMAGE} and {@code FILE}: a caption when {@code attachments}
         * are sent (then it may be left out), else the file's {@code https://} URL.
         */
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
        public Builder metadata(Map<String, ?> metadata) {
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

        /**
         * For {@code IMAGE} and {@code FILE} messages: 1–10 attachment ids from {@code
         * attachments().upload}, uploaded to this room and not sent yet; the message carries their
         * descriptions in this order. Each problem is a {@code 400} detail on {@code attachments.<i>}.
         */
        public Builder attachments(List<String> attachments) {
            this.attachments = attachments;
            return this;
        }

        public Builder attachments(String... attachments) {
            return attachments(attachments == null ? null : java.util.Arrays.asList(attachments));
        }

        public SendMessageParams build() {
            return new SendMessageParams(this);
        }
    }
}
