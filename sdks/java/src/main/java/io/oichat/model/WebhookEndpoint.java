package io.oichat.model;

import io.oichat.internal.Immutable;
import java.time.Instant;
import java.util.List;

/**
 * A webhook endpoint.
 *
 * @param eventTypes the types it receives; null for every type
 * @param disabledReason why the server disabled it (it kept failing), else null
 * @param failingSince since when every delivery has failed; null after a success
 */
public record WebhookEndpoint(
        String endpointId,
        String url,
        String description,
        List<WebhookEventType> eventTypes,
        boolean enabled,
        String disabledReason,
        Instant failingSince,
        Instant createdAt,
        Instant updatedAt) {
    public WebhookEndpoint {
        eventTypes = Immutable.list(eventTypes);
    }
}
