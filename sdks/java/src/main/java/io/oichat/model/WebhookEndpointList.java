package io.oichat.model;

import io.oichat.internal.Immutable;
import java.util.List;

/** Every webhook endpoint of the project. */
public record WebhookEndpointList(List<WebhookEndpoint> data) {
    public WebhookEndpointList {
        data = Immutable.list(data);
    }
}
