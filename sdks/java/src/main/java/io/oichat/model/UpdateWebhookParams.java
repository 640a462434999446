package io.oichat.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code webhooks().update(…)}: any of url, description, event types and enabled, at least one. A
 * field not set is left as it is; {@link Builder#allEventTypes()} subscribes to every type.
 */
public final class UpdateWebhookParams extends PatchParams {
    private UpdateWebhookParams(Map<String, Object> fields) {
        super(fields);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private final Map<String, Object> json = new LinkedHashMap<>();

        private Builder() {}

        public Builder url(String url) {
            json.put("url", Params.required(url, "UpdateWebhookParams", "url"));
            return this;
        }

        public Builder description(String description) {
            json.put("description", Params.required(description, "UpdateWebhookParams", "description"));
            return this;
        }

        /** Only these types from now on. */
        public Builder eventTypes(List<WebhookEventType> eventTypes) {
            List<WebhookEventType> types = List.copyOf(Params.required(eventTypes, "UpdateWebhookParams",
                    "eventTypes"));
            types.forEach(t -> Params.known(t, "UpdateWebhookParams", "eventTypes"));
            json.put("event_types", types);
            return this;
        }

        public Builder eventTypes(WebhookEventType... eventTypes) {
            return eventTypes(List.of(eventTypes));
        }

        /** Every event type from now on (sends {@code event_types: null}). */
        public Builder allEventTypes() {
            json.put("event_types", null);
            return this;
        }

        /** {@code true} also clears {@code disabledReason} and resumes pending deliveries. */
        public Builder enabled(boolean enabled) {
            json.put("enabled", enabled);
            return this;
        }

        public UpdateWebhookParams build() {
            return new UpdateWebhookParams(json);
        }
    }
}
