package io.oichat.model;

import io.oichat.internal.Immutable;
import java.time.Instant;
import java.util.List;

/**
 * The endpoint as created, with its signing {@code secret} ({@code whsec_…}): shown only here and
 * by {@code rotateSecret}; keep it in your secrets store and pass it to {@code webhooks().verify}.
 */
public record CreatedWebhookEndpoint(
        String endpointId,
        String url,
        String description,
        List<WebhookEventType> eventTypes,
        boolean enabled,
        String disabledReason,
        Instant failingSince,
        Instant createdAt,
        Instant updatedAt,
        String secret) {
    public CreatedWebhookEndpoint {
        eventTypes = Immutable.list(eventTypes);
    }


    /** The endpoint without its secret. */
    public WebhookEndpoint endpoint() {
        return new WebhookEndpoint(endpointId, url, description, eventTypes, enabled, disabledReason, failingSince,
                createdAt, updatedAt);
    }

    @Override
    public String toString() {
        return "CreatedWebhookEndpoint[" + endpoint() + ", secret=<hidden>]";
    }
}
