package io.oichat.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.oichat.internal.Immutable;
import java.util.Map;

/**
 * What a token carries about its user beyond id and name; every field optional, at most 8 KB as JSON.
 *
 * @param avatarUrl at most 2048 characters
 * @param nickname at most 200 characters
 * @param badge at most 100 characters
 * @param custom any JSON object
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UserInfo(String avatarUrl, String nickname, String badge, Map<String, Object> custom) {
    public UserInfo {
        custom = Immutable.json(custom);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private String avatarUrl;
        private String nickname;
        private String badge;
        private Map<String, Object> custom;

        private Builder() {}

        public Builder avatarUrl(String avatarUrl) {
            this.avatarUrl = avatarUrl;
            return this;
        }

        public Builder nickname(String nickname) {
            this.nickname = nickname;
            return this;
        }

        public Builder badge(String badge) {
            this.badge = badge;
            return this;
        }

        /** Any JSON object (a {@code Map<String, String>} too). */
        public Builder custom(Map<String, ?> custom) {
            this.custom = custom == null ? null : new java.util.LinkedHashMap<>(custom);
            return this;
        }

        public UserInfo build() {
            return new UserInfo(avatarUrl, nickname, badge, custom);
        }
    }
}
