package io.oichat.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code users().update(…)}: any of name, info and role, at least one. A field not set is left as
 * it is; {@code name(null)} (or {@link Builder#clearName()}) clears the name, {@link Builder#clearInfo()}
 * the info. Tokens already issued keep the claims they were issued with.
 */
public final class UpdateUserParams extends PatchParams {
    private UpdateUserParams(Map<String, Object> fields) {
        super(fields);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private final Map<String, Object> json = new LinkedHashMap<>();

        private Builder() {}

        /** What {@code createToken} calls {@code userName}: at most 200 characters; null clears it. */
        public Builder name(String name) {
            json.put("name", name);
            return this;
        }

        public Builder clearName() {
            return name(null);
        }

        /** What {@code createToken} calls {@code userInfo}: replaces the old info whole. */
        public Builder info(UserInfo info) {
            json.put("info", Params.required(info, "UpdateUserParams", "info"));
            return this;
        }

        /** Sends {@code info: {}}, which clears every field of the info. */
        public Builder clearInfo() {
            return info(UserInfo.builder().build());
        }

        public Builder role(UserRole role) {
            json.put("role", Params.known(Params.required(role, "UpdateUserParams", "role"), "UpdateUserParams",
                    "role"));
            return this;
        }

        public UpdateUserParams build() {
            return new UpdateUserParams(json);
        }
    }
}
