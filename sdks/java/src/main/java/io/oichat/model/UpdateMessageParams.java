package io.oichat.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code messages().update(messageId, …)}: content, metadata or both (at least one). A field not
 * set is left as it is; the message gets {@code editedAt}.
 */
public final class UpdateMessageParams extends PatchParams {
    private UpdateMessageParams(Map<String, Object> fields) {
        super(fields);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private final Map<String, Object> json = new LinkedHashMap<>();

        private Builder() {}

        /** 1–10 000 characters, checked as for sending (a URL for {@code IMAGE} and {@code FILE} messages). */
        public Builder content(String content) {
            json.put("content", Params.required(content, "UpdateMessageParams", "content"));
            return this;
        }

        /** Replaces the old metadata whole; any JSON object, at most 8 KB. */
        public Builder metadata(Map<String, ?> metadata) {
            json.put("metadata", Params.required(Params.copy(metadata), "UpdateMessageParams", "metadata"));
            return this;
        }

        public UpdateMessageParams build() {
            return new UpdateMessageParams(json);
        }
    }
}
