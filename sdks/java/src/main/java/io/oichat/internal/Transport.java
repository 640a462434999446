package io.oichat.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.oichat.OiChatApiException;
import io.oichat.OiChatHttpException;
import io.oichat.OiChatNetworkException;
import io.oichat.OiChatServerException;
import io.oichat.RequestOptions;
import io.oichat.model.ErrorDetail;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one way the SDK talks to the server: builds the target, signs each attempt anew, sends it
 * with a per-attempt timeout (reading the answer included), retries what {@link RetryPolicy} says
 * is safe, and turns every failure into an {@code OiChatException}. Asynchronous at its core; the
 * synchronous calls wait on the same futures. A POST carries one {@code Idempotency-Key} across all
 * its attempts, so a retried POST whose first attempt did reach the server is answered from the
 * server's record instead of being applied twice. A body is JSON, or a {@link RawBody} (an
 * upload) sent as it is. Thread-safe. Internal: not part of the SDK's API.
 */
public final class Transport {
    public static final String USER_AGENT = "oichat-server-sdk-java/" + SdkVersion.VERSION;

    private static final byte[] NO_BODY = new byte[0];

    private final HttpClient http;
    private final String origin;
    private final String basePath;
    private final String projectId;
    private final String apiKey;
    private final RequestSigning signing;
    private final Duration timeout;
    private final int maxRetries;
    private final RetryPolicy retryPolicy;
    private final TransportSettings settings;

    /** {@code baseUrl} is already validated: http(s), no query, fragment or credentials, no trailing slash. */
    public Transport(URI baseUrl, String projectId, String apiKey, String secretKey, Duration timeout, int maxRetries,
            TransportSettings settings) {
        this.origin = baseUrl.getScheme() + "://" + baseUrl.getRawAuthority();
        this.basePath = baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath();
        this.projectId = projectId;
        this.apiKey = apiKey;
        this.signing = new RequestSigning(secretKey);
        this.timeout = timeout;
        this.maxRetries = maxRetries;
        this.settings = settings.copy();
        this.retryPolicy = new RetryPolicy(settings.retryBaseDelayMs, settings.retryMaxDelayMs,
                settings.maxRetryAfterMs, settings.random);
        HttpClient.Builder builder = HttpClient.newBuilder()
                .executor(SdkThreads.WORKERS)
                // A redirect would be followed with headers signed for the old target: report it instead.
                .followRedirects(HttpClient.Redirect.NEVER);
        // Plain http stays on HTTP/1.1: the JDK would otherwise ask for an h2c upgrade on every
        // request, which a server that also speaks WebSocket on the same port may refuse.
        if ("http".equalsIgnoreCase(baseUrl.getScheme())) builder.version(HttpClient.Version.HTTP_1_1);
        this.http = builder.build();
    }

    public <T> CompletableFuture<T> send(ApiRequest<T> request, RequestOptions options) {
        RequestOptions opts = options == null ? RequestOptions.none() : options;
        Call<T> call = new Call<>(request, opts);
        call.attempt(0);
        return call.result;
    }

    /** One call: its options resolved once, its attempts, and the future the caller holds. */
    private final class Call<T> {
        final CompletableFuture<T> result = new CompletableFuture<>();
        final ApiRequest<T> request;
        final String target;
        final String label;
        /** The JSON body, or null for a raw one; empty for none. */
        final byte[] body;
        final RawBody rawBody;
        final String bodySha256;
        final String idempotencyKey;
        final Duration callTimeout;
        final int callMaxRetries;
        volatile CompletableFuture<?> inFlight;
        volatile Scheduler.Scheduled pendingRetry;

        Call(ApiRequest<T> request, RequestOptions options) {
            this.request = request;
            this.target = basePath + request.path().target();
            this.label = request.method() + " " + basePath + request.path().path();
            this.rawBody = request.body() instanceof RawBody raw ? raw : null;
            this.body = rawBody != null ? null : request.body() == null ? NO_BODY : Json.write(request.body());
            this.bodySha256 = rawBody != null ? rawBody.sha256() : RequestSigning.sha256Hex(body);
            // One key per call, not per attempt: that is what lets the server recognise a retry.
            String key = options.idempotencyKeyOrNull();
            this.idempotencyKey = "POST".equals(request.method()) ? key != null ? key : settings.idempotencyKeys.get()
                    : null;
            this.callTimeout = options.timeoutOrNull() != null ? options.timeoutOrNull() : timeout;
            this.callMaxRetries = options.maxRetriesOrNull() != null ? options.maxRetriesOrNull() : maxRetries;
            // Cancelling the caller's future stops the call: the attempt under way and any retry wait.
            result.whenComplete((value, error) -> {
                if (!result.isCancelled()) return;
                CompletableFuture<?> attempt = inFlight;
                if (attempt != null) attempt.cancel(true);
                Scheduler.Scheduled retry = pendingRetry;
                if (retry != null) retry.cancel();
            });
        }

        void attempt(int number) {
            if (result.isDone()) return;
            CompletableFuture<HttpResponse<byte[]>> sent;
            try {
                sent = http.sendAsync(buildRequest(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
                return;
            }
            inFlight = sent;
            CompletableFuture<HttpResponse<byte[]>> outcome = new CompletableFuture<>();
            AtomicBoolean timedOut = new AtomicBoolean();
            // The JDK's own timeout ends at the response headers; this one also covers a body that stalls.
            Scheduler.Scheduled timer = SdkThreads.REAL_TIME.schedule(callTimeout.toMillis(), () -> {
                timedOut.set(true);
                outcome.completeExceptionally(new HttpTimeoutException("request timed out"));
                sent.cancel(true);
            });
            sent.whenComplete((response, error) -> {
                if (error != null) outcome.completeExceptionally(error);
                else outcome.complete(response);
            });
            outcome.whenComplete((response, error) -> {
                timer.cancel();
                if (result.isDone()) return;
                try {
                    if (error != null) onNetworkError(number, unwrap(error), timedOut.get());
                    else onResponse(number, response);
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
        }

        HttpRequest buildRequest() {
            // Each attempt is signed anew, with its own nonce: the server accepts a signature once.
            String timestamp = Long.toString(settings.clock.instant().getEpochSecond());
            String nonce = settings.nonces.get();
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(origin + target))
                    .timeout(callTimeout)
                    .header("Accept", "application/json")
                    .header("User-Agent", USER_AGENT)
                    .header("X-OiChat-Project-Id", projectId)
                    .header("X-OiChat-Api-Key", apiKey)
                    .header("X-OiChat-Timestamp", timestamp)
                    .header("X-OiChat-Nonce", nonce)
                    .header("X-OiChat-Signature",
                            signing.sign(timestamp, nonce, request.method(), target, idempotencyKey, bodySha256));
            if (idempotencyKey != null) builder.header("Idempotency-Key", idempotencyKey);
            HttpRequest.BodyPublisher publisher;
            if (rawBody != null) {
                builder.header("Content-Type", rawBody.contentType());
                // A new publisher per attempt: a retry reads the bytes again from their source.
                publisher = rawBody.publisher().get();
            } else if (body.length > 0) {
                builder.header("Content-Type", "application/json");
                publisher = HttpRequest.BodyPublishers.ofByteArray(body);
            } else {
                publisher = HttpRequest.BodyPublishers.noBody();
            }
            return builder.method(request.method(), publisher).build();
        }

        void onNetworkError(int number, Throwable error, boolean hitTimeout) {
            boolean timedOut = hitTimeout || error instanceof HttpTimeoutException;
            if (number < callMaxRetries) {
                retryAfter(number, retryPolicy.backoff(number));
                return;
            }
            int attempts = number + 1;
            String what = timedOut ? "timed out after " + callTimeout.toMillis() + " ms"
                    : "failed: " + describe(error);
            // The full URL: a wrong or missing baseUrl (requests went to the hosted service) shows at once.
            String url = origin + basePath + request.path().path();
            result.completeExceptionally(new OiChatNetworkException(request.method() + " " + url + " " + what + " ("
                    + attempts + " attempt" + (attempts == 1 ? "" : "s") + ")", error, timedOut, request.method(),
                    url));
        }

        void onResponse(int number, HttpResponse<byte[]> response) {
            int status = response.statusCode();
            byte[] bytes = response.body() == null ? NO_BODY : response.body();
            String requestId = response.headers().firstValue("x-request-id").orElse(null);

            if (status >= 200 && status < 300) {
                result.complete(decode(status, bytes, requestId));
                return;
            }
            JsonNode error = errorObject(bytes);
            String code = error != null && error.path("code").isTextual() ? error.get("code").asText() : null;
            if (number < callMaxRetries && RetryPolicy.isRetryableStatus(status, code)) {
                OptionalLong delay = retryPolicy.delayAfterAnswer(number,
                        response.headers().firstValue("retry-after").orElse(null), settings.clock.instant());
                if (delay.isPresent()) {
                    retryAfter(number, delay.getAsLong());
                    return;
                }
            }
            result.completeExceptionally(httpError(status, error, bytes, requestId, label));
        }

        T decode(int status, byte[] bytes, String requestId) {
            if (status == 204 || bytes.length == 0 || request.responseType() == null) return null;
            try {
                return Json.read(bytes, request.responseType());
            } catch (java.io.IOException | RuntimeException e) {
                throw new OiChatServerException(status, "invalid_response",
                        label + " answered " + status + " with a body that is not the expected JSON", requestId,
                        null);
            }
        }

        void retryAfter(int number, long delayMs) {
            pendingRetry = settings.retryScheduler.schedule(delayMs, () -> attempt(number + 1));
            // A cancel that raced with scheduling must still stop the wait.
            if (result.isDone()) pendingRetry.cancel();
        }
    }

    /** The {@code error} object of an OiChat error body, or null when the body is something else (a proxy's page). */
    static JsonNode errorObject(byte[] bytes) {
        if (bytes.length == 0) return null;
        try {
            JsonNode root = Json.tree(bytes);
            JsonNode error = root == null ? null : root.get("error");
            return error != null && error.isObject() ? error : null;
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    static OiChatHttpException httpError(int status, JsonNode error, byte[] bytes, String headerRequestId,
            String label) {
        String errorCode = error != null && error.path("code").isTextual() ? error.get("code").asText()
                : "http_" + status;
        String message;
        if (error != null && error.path("message").isTextual()) {
            message = error.get("message").asText();
        } else {
            String text = new String(bytes, StandardCharsets.UTF_8);
            message = label + " answered HTTP " + status
                    + (text.isEmpty() ? "" : ": " + text.substring(0, Math.min(200, text.length())));
        }
        String requestId = error != null && error.path("request_id").isTextual() ? error.get("request_id").asText()
                : headerRequestId;
        List<ErrorDetail> details = new ArrayList<>();
        if (error != null && error.path("details").isArray()) {
            for (JsonNode detail : error.get("details")) {
                if (!detail.isObject()) continue;
                try {
                    details.add(Json.MAPPER.treeToValue(detail, ErrorDetail.class));
                } catch (java.io.IOException | RuntimeException e) {
                    // a detail of an unexpected shape is left out rather than hide the error itself
                }
            }
        }
        return status >= 500 ? new OiChatServerException(status, errorCode, message, requestId, details)
                : new OiChatApiException(status, errorCode, message, requestId, details);
    }

    public static Throwable unwrap(Throwable error) {
        Throwable current = error;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    /** "ConnectException: Connection refused": the JDK often puts the useful words in a cause. */
    static String describe(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isEmpty()) {
                return t.getClass().getSimpleName() + ": " + t.getMessage();
            }
            if (t.getCause() == null) return t.getClass().getSimpleName();
        }
        return "unknown error";
    }

    @Override
    public String toString() {
        return "Transport(" + projectId + " @ " + origin + basePath + ")";
    }
}
