package io.oichat.resources;

import io.oichat.OiChatWebhookVerificationException;
import io.oichat.RequestOptions;
import io.oichat.internal.Sync;
import io.oichat.model.CreateWebhookParams;
import io.oichat.model.CreatedWebhookEndpoint;
import io.oichat.model.CursorPage;
import io.oichat.model.ListWebhookAttemptsParams;
import io.oichat.model.ResendWebhookResponse;
import io.oichat.model.RotateWebhookSecretResponse;
import io.oichat.model.UpdateWebhookParams;
import io.oichat.model.WebhookAttempt;
import io.oichat.model.WebhookEndpoint;
import io.oichat.model.WebhookEndpointList;
import io.oichat.webhook.WebhookEvent;
import io.oichat.webhook.WebhookVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code oichat.webhooks()}: the endpoints that receive the project's events, their delivery log,
 * re-sending, and {@code verify} for a delivery that reached your server.
 */
public final class Webhooks {
    private final WebhooksAsync async;

    public Webhooks(WebhooksAsync async) {
        this.async = async;
    }

    /** Registers an endpoint; the result's {@code secret()} is shown only now. {@code POST /v1/webhooks}. */
    public CreatedWebhookEndpoint create(CreateWebhookParams params, RequestOptions options) {
        return Sync.await(async.create(params, options));
    }

    public CreatedWebhookEndpoint create(CreateWebhookParams params) {
        return create(params, RequestOptions.none());
    }

    /** Every endpoint of the project. {@code GET /v1/webhooks}. */
    public WebhookEndpointList list(RequestOptions options) {
        return Sync.await(async.list(options));
    }

    public WebhookEndpointList list() {
        return list(RequestOptions.none());
    }

    /** {@code 404 webhook_endpoint_not_found} when there is none. {@code GET /v1/webhooks/{id}}. */
    public WebhookEndpoint get(String endpointId, RequestOptions options) {
        return Sync.await(async.get(endpointId, options));
    }

    public WebhookEndpoint get(String endpointId) {
        return get(endpointId, RequestOptions.none());
    }

    /** Changes url, description, event types, or enables/disables. {@code PATCH /v1/webhooks/{id}}. */
    public WebhookEndpoint update(String endpointId, UpdateWebhookParams params, RequestOptions options) {
        return Sync.await(async.update(endpointId, params, options));
    }

    public WebhookEndpoint update(String endpointId, UpdateWebhookParams params) {
        return update(endpointId, params, RequestOptions.none());
    }

    /** Deletes the endpoint and drops its pending deliveries. {@code DELETE /v1/webhooks/{id}}. */
    public void delete(String endpointId, RequestOptions options) {
        Sync.await(async.delete(endpointId, options));
    }

    public void delete(String endpointId) {
        delete(endpointId, RequestOptions.none());
    }

    /** A new signing secret; for 24 hours deliveries carry signatures with both. */
    public RotateWebhookSecretResponse rotateSecret(String endpointId, RequestOptions options) {
        return Sync.await(async.rotateSecret(endpointId, options));
    }

    public RotateWebhookSecretResponse rotateSecret(String endpointId) {
        return rotateSecret(endpointId, RequestOptions.none());
    }

    /** Delivery attempts, newest first. {@code GET /v1/webhooks/{id}/attempts}. */
    public CursorPage<WebhookAttempt> attempts(String endpointId, ListWebhookAttemptsParams params,
            RequestOptions options) {
        return Sync.await(async.attempts(endpointId, params, options));
    }

    public CursorPage<WebhookAttempt> attempts(String endpointId, ListWebhookAttemptsParams params) {
        return attempts(endpointId, params, RequestOptions.none());
    }

    public CursorPage<WebhookAttempt> attempts(String endpointId) {
        return attempts(endpointId, null, RequestOptions.none());
    }

    /** Delivers an event to the endpoint again, from the first attempt. {@code POST /v1/webhooks/{id}/resend}. */
    public ResendWebhookResponse resend(String endpointId, String eventId, RequestOptions options) {
        return Sync.await(async.resend(endpointId, eventId, options));
    }

    public ResendWebhookResponse resend(String endpointId, String eventId) {
        return resend(endpointId, eventId, RequestOptions.none());
    }

    /**
     * Checks a delivery that reached your server: its raw body (before any JSON parsing), its
     * headers (names in any case; a value may be a list) and the endpoint's secret; returns the
     * typed event. Throws {@link OiChatWebhookVerificationException} (with a {@code reason()}) for a
     * bad signature, a timestamp more than 5 minutes off, missing headers or a body that is not an
     * event. No request is made. {@link WebhookVerifier} does the same with the secret set once.
     */
    public WebhookEvent verify(byte[] rawBody, Map<String, ?> headers, String secret) {
        return WebhookVerifier.verify(rawBody, headers, secret, WebhookVerifier.DEFAULT_TOLERANCE, Clock.systemUTC());
    }

    public WebhookEvent verify(String rawBody, Map<String, ?> headers, String secret) {
        return verify(rawBody == null ? null : rawBody.getBytes(StandardCharsets.UTF_8), headers, secret);
    }

    /** The same, with headers read by a function such as {@code request::getHeader}. */
    public WebhookEvent verify(byte[] rawBody, Function<String, String> headers, String secret) {
        return WebhookVerifier.verify(rawBody, headers, secret, WebhookVerifier.DEFAULT_TOLERANCE, Clock.systemUTC());
    }

    public WebhookEvent verify(String rawBody, Function<String, String> headers, String secret) {
        return verify(rawBody == null ? null : rawBody.getBytes(StandardCharsets.UTF_8), headers, secret);
    }
}
