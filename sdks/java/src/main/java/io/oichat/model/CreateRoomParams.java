package io.oichat.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code rooms().create(…)}: {@code type} and {@code participants} are required. */
public final class CreateRoomParams {
    private final RoomType type;
    private final String name;
    private final List<String> participants;
    private final Map<String, Object> metadata;

    private CreateRoomParams(Builder b) {
        type = Params.known(Params.required(b.type, "CreateRoomParams", "type"), "CreateRoomParams", "type");
        name = b.name;
        participants = Params.required(Params.copy(b.participants, "CreateRoomParams", "participants"),
                "CreateRoomParams", "participants");
        metadata = Params.copy(b.metadata);
    }

    public static Builder builder() {
        return new Builder();
    }

    public RoomType type() {
        return type;
    }

    public String name() {
        return name;
    }

    public List<String> participants() {
        return participants;
    }

    public Map<String, Object> metadata() {
        return metadata;
    }

    @JsonValue
    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", type);
        if (name != null) json.put("name", name);
        json.put("participants", participants);
        if (metadata != null) json.put("metadata", metadata);
        return json;
    }

    @Override
    public String toString() {
        return "CreateRoomParams" + json();
    }

    public static final class Builder {
        private RoomType type;
        private String name;
        private List<String> participants;
        private Map<String, ?> metadata;

        private Builder() {}

        /** Required. A {@code direct} room of a pair that already has one returns that room instead. */
        public Builder type(RoomType type) {
            this.type = type;
            return this;
        }

        /** At most 200 characters. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** Required: user ids, no duplicates; {@code direct}: exactly 2; {@code group}: 2–500. */
        public Builder participants(List<String> participants) {
            this.participants = participants;
            return this;
        }

        public Builder participants(String... participants) {
            return participants(List.of(participants));
        }

        /** Any JSON object, at most 8 KB. */
        public Builder metadata(Map<String, ?> metadata) {
            this.metadata = metadata;
            return this;
        }

        public CreateRoomParams build() {
            return new CreateRoomParams(this);
        }
    }
}
