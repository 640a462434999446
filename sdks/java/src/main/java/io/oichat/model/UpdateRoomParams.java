package io.oichat.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code rooms().update(…)}: any of name, metadata and status, at least one. A field not set is
 * left as it is; {@code name(null)} (or {@link Builder#clearName()}) clears the name.
 */
public final class UpdateRoomParams extends PatchParams {
    private UpdateRoomParams(Map<String, Object> fields) {
        super(fields);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private final Map<String, Object> json = new LinkedHashMap<>();

        private Builder() {}

        /** At most 200 characters; null clears the name. */
        public Builder name(String name) {
            json.put("name", name);
            return this;
        }

        public Builder clearName() {
            return name(null);
        }

        /** Replaces the old metadata whole. */
        public Builder metadata(Map<String, ?> metadata) {
            json.put("metadata", Params.required(Params.copy(metadata), "UpdateRoomParams", "metadata"));
            return this;
        }

        public Builder status(RoomStatus status) {
            json.put("status", Params.known(Params.required(status, "UpdateRoomParams", "status"), "UpdateRoomParams",
                    "status"));
            return this;
        }

        public UpdateRoomParams build() {
            return new UpdateRoomParams(json);
        }
    }
}
