package io.oichat.model;

import java.time.Instant;

/**
 * One delivery attempt of an event to an endpoint.
 *
 * @param statusCode null when no HTTP answer came (refused, timed out, …)
 * @param responseBody the start of the answer's body
 * @param deliveryStatus where the event's delivery stands now
 */
public record WebhookAttempt(
        String attemptId,
        String eventId,
        Instant attemptedAt,
        Integer statusCode,
        long latencyMs,
        String error,
        String responseBody,
        WebhookDeliveryStatus deliveryStatus) {}
