package io.oichat.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code webhooks().create(…)}: only {@code url} is required; without event types it receives every type. */
public final class CreateWebhookParams {
    private final String url;
    private final String description;
    private final List<WebhookEventType> eventTypes;
    private final Boolean enabled;

    private CreateWebhookParams(Builder b) {
        url = Params.required(b.url, "CreateWebhookParams", "url");
        description = b.description;
        eventTypes = b.eventTypes == null ? null : List.copyOf(b.eventTypes);
        if (eventTypes != null) eventTypes.forEach(t -> Params.known(t, "CreateWebhookParams", "eventTypes"));
        enabled = b.enabled;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String url() {
        return url;
    }

    public String description() {
        return description;
    }

    /** Null: every type. */
    public List<WebhookEventType> eventTypes() {
        return eventTypes;
    }

    public Boolean enabled() {
        return enabled;
    }

    @JsonValue
    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("url", url);
        if (description != null) json.put("description", description);
        if (eventTypes != null) json.put("event_types", eventTypes);
        if (enabled != null) json.put("enabled", enabled);
        return json;
    }

    @Override
    public String toString() {
        return "CreateWebhookParams" + json();
    }

    public static final class Builder {
        private String url;
        private String description;
        private List<WebhookEventType> eventTypes;
        private Boolean enabled;

        private Builder() {}

        /** Required: the http(s) URL that receives the POSTs, at most 2048 characters. */
        public Builder url(String url) {
            this.url = url;
            return this;
        }

        /** At most 200 characters. */
        public Builder description(String description) {
            this.description = description;
            return this;
        }

        /** The event types to receive; not set (or null): every type. */
        public Builder eventTypes(List<WebhookEventType> eventTypes) {
            this.eventTypes = eventTypes;
            return this;
        }

        public Builder eventTypes(WebhookEventType... eventTypes) {
            return eventTypes(List.of(eventTypes));
        }

        /** Default true. */
        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        public CreateWebhookParams build() {
            return new CreateWebhookParams(this);
        }
    }
}
