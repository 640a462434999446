package io.oichat.model;

/** The event will be delivered again from the first attempt ({@code status} is {@code pending}). */
public record ResendWebhookResponse(String eventId, WebhookDeliveryStatus status) {}
