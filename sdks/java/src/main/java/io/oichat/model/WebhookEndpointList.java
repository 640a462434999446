package io.oichat.model;

import java.util.List;

/** Every webhook endpoint of the project. */
public record WebhookEndpointList(List<WebhookEndpoint> data) {}
