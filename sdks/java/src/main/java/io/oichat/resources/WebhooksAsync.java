package io.oichat.resources;

import com.fasterxml.jackson.databind.JavaType;
import io.oichat.RequestOptions;
import io.oichat.internal.ApiRequest;
import io.oichat.internal.Json;
import io.oichat.internal.Transport;
import io.oichat.internal.UrlPath;
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
import java.util.concurrent.CompletableFuture;

/** {@code oichat.async().webhooks()}: the endpoint calls of {@link Webhooks}, returning futures. */
public final class WebhooksAsync {
    private static final JavaType ENDPOINT = Json.type(WebhookEndpoint.class);

    private final Transport transport;

    public WebhooksAsync(Transport transport) {
        this.transport = transport;
    }

    private static UrlPath endpoint(String endpointId) {
        return UrlPath.of("/v1/webhooks").segment("endpointId", endpointId);
    }

    public CompletableFuture<CreatedWebhookEndpoint> create(CreateWebhookParams params, RequestOptions options) {
        Bodies.required(params, "webhooks.create", "params");
        return transport.send(ApiRequest.post(UrlPath.of("/v1/webhooks"), params,
                Json.type(CreatedWebhookEndpoint.class)), options);
    }

    public CompletableFuture<CreatedWebhookEndpoint> create(CreateWebhookParams params) {
        return create(params, RequestOptions.none());
    }

    public CompletableFuture<WebhookEndpointList> list(RequestOptions options) {
        return transport.send(ApiRequest.get(UrlPath.of("/v1/webhooks"), Json.type(WebhookEndpointList.class)),
                options);
    }

    public CompletableFuture<WebhookEndpointList> list() {
        return list(RequestOptions.none());
    }

    public CompletableFuture<WebhookEndpoint> get(String endpointId, RequestOptions options) {
        return transport.send(ApiRequest.get(endpoint(endpointId), ENDPOINT), options);
    }

    public CompletableFuture<WebhookEndpoint> get(String endpointId) {
        return get(endpointId, RequestOptions.none());
    }

    public CompletableFuture<WebhookEndpoint> update(String endpointId, UpdateWebhookParams params,
            RequestOptions options) {
        Bodies.required(params, "webhooks.update", "params");
        return transport.send(ApiRequest.patch(endpoint(endpointId), params, ENDPOINT), options);
    }

    public CompletableFuture<WebhookEndpoint> update(String endpointId, UpdateWebhookParams params) {
        return update(endpointId, params, RequestOptions.none());
    }

    public CompletableFuture<Void> delete(String endpointId, RequestOptions options) {
        return transport.send(ApiRequest.delete(endpoint(endpointId), null), options);
    }

    public CompletableFuture<Void> delete(String endpointId) {
        return delete(endpointId, RequestOptions.none());
    }

    public CompletableFuture<RotateWebhookSecretResponse> rotateSecret(String endpointId, RequestOptions options) {
        return transport.send(ApiRequest.post(endpoint(endpointId).literal("rotate-secret"), null,
                Json.type(RotateWebhookSecretResponse.class)), options);
    }

    public CompletableFuture<RotateWebhookSecretResponse> rotateSecret(String endpointId) {
        return rotateSecret(endpointId, RequestOptions.none());
    }

    public CompletableFuture<CursorPage<WebhookAttempt>> attempts(String endpointId, ListWebhookAttemptsParams params,
            RequestOptions options) {
        ListWebhookAttemptsParams p = params == null ? ListWebhookAttemptsParams.builder().build() : params;
        UrlPath path = endpoint(endpointId).literal("attempts").query("limit", p.limit()).query("cursor", p.cursor());
        return transport.send(ApiRequest.get(path, Json.type(CursorPage.class, WebhookAttempt.class)), options);
    }

    public CompletableFuture<CursorPage<WebhookAttempt>> attempts(String endpointId, ListWebhookAttemptsParams params) {
        return attempts(endpointId, params, RequestOptions.none());
    }

    public CompletableFuture<CursorPage<WebhookAttempt>> attempts(String endpointId) {
        return attempts(endpointId, null, RequestOptions.none());
    }

    public CompletableFuture<ResendWebhookResponse> resend(String endpointId, String eventId, RequestOptions options) {
        UrlPath path = endpoint(endpointId).literal("resend");
        return transport.send(ApiRequest.post(path, Bodies.of("webhooks.resend", "eventId", "event_id", eventId),
                Json.type(ResendWebhookResponse.class)), options);
    }

    public CompletableFuture<ResendWebhookResponse> resend(String endpointId, String eventId) {
        return resend(endpointId, eventId, RequestOptions.none());
    }
}
