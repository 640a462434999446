package io.oichat.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code auth().createToken(…)}: who the token is for and what it carries. Only {@code userId} is required. */
public final class CreateTokenParams {
    private final String userId;
    private final String userName;
    private final UserInfo userInfo;
    private final List<String> channels;
    private final UserRole role;

    private CreateTokenParams(Builder b) {
        userId = Params.required(b.userId, "CreateTokenParams", "userId");
        userName = b.userName;
        userInfo = b.userInfo;
        channels = Params.copy(b.channels, "CreateTokenParams", "channels");
        role = Params.known(b.role, "CreateTokenParams", "role");
    }

    public static Builder builder() {
        return new Builder();
    }

    public String userId() {
        return userId;
    }

    public String userName() {
        return userName;
    }

    public UserInfo userInfo() {
        return userInfo;
    }

    public List<String> channels() {
        return channels;
    }

    public UserRole role() {
        return role;
    }

    @JsonValue
    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("user_id", userId);
        if (userName != null) json.put("user_name", userName);
        if (userInfo != null) json.put("user_info", userInfo);
        if (channels != null) json.put("channels", channels);
        if (role != null) json.put("role", role);
        return json;
    }

    @Override
    public String toString() {
        return "CreateTokenParams" + json();
    }

    public static final class Builder {
        private String userId;
        private String userName;
        private UserInfo userInfo;
        private List<String> channels;
        private UserRole role;

        private Builder() {}

        /** Required: 1–128 characters of {@code A-Z a-z 0-9 . _ : @ + = | ~ -}. */
        public Builder userId(String userId) {
            this.userId = userId;
            return this;
        }

        /** At most 200 characters. Omitted: the user keeps the name they had. */
        public Builder userName(String userName) {
            this.userName = userName;
            return this;
        }

        /** Omitted: the user keeps the info they had. */
        public Builder userInfo(UserInfo userInfo) {
            this.userInfo = userInfo;
            return this;
        }

        /** Additional channels to subscribe to (at most 100); see {@code channels().publish}. */
        public Builder channels(List<String> channels) {
            this.channels = channels;
            return this;
        }

        public Builder channels(String... channels) {
            return channels(List.of(channels));
        }

        /** Default {@link UserRole#USER}. */
        public Builder role(UserRole role) {
            this.role = role;
            return this;
        }

        public CreateTokenParams build() {
            return new CreateTokenParams(this);
        }
    }
}
