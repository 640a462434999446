package io.oichat.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code attachments().updateSettings(…)}: the project's own size limit, list of types, or both,
 * within the server's ({@code 400 validation_failed} beyond them: {@code max_bytes} {@code maximum},
 * {@code allowed_types.<i>} {@code serverAllowed}). A field not set is left as it is; {@code
 * clearMaxBytes()} and {@code clearAllowedTypes()} go back to the server's.
 */
public final class UpdateAttachmentSettingsParams extends PatchParams {
    private UpdateAttachmentSettingsParams(Map<String, Object> fields) {
        super(fields);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private final Map<String, Object> json = new LinkedHashMap<>();

        private Builder() {}

        /** Largest upload in bytes, 1 up to the server's; null: the server's. */
        public Builder maxBytes(Long maxBytes) {
            json.put("max_bytes", maxBytes);
            return this;
        }

        public Builder clearMaxBytes() {
            return maxBytes(null);
        }

        /**
         * Media types an upload's bytes may be ({@code image/png}), 1–100, each allowed by the
         * server; null: the server's list.
         */
        public Builder allowedTypes(List<String> allowedTypes) {
            json.put("allowed_types", Params.copy(allowedTypes, "UpdateAttachmentSettingsParams", "allowedTypes"));
            return this;
        }

        public Builder allowedTypes(String... allowedTypes) {
            return allowedTypes(allowedTypes == null ? null : java.util.Arrays.asList(allowedTypes));
        }

        public Builder clearAllowedTypes() {
            return allowedTypes((List<String>) null);
        }

        public UpdateAttachmentSettingsParams build() {
            return new UpdateAttachmentSettingsParams(json);
        }
    }
}
