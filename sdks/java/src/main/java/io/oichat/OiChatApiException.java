package io.oichat;

import io.oichat.model.ErrorDetail;
import java.util.List;

/**
 * 4xx: the server refused the request (bad request, not found, conflict, …); see
 * {@link #errorCode()}. Sending the same request again will not help, except for 408, 429 and
 * 409 {@code idempotency_in_progress}, which the SDK has already retried when this is thrown.
 */
public class OiChatApiException extends OiChatHttpException {
    private static final long serialVersionUID = 1L;

    public OiChatApiException(int statusCode, String errorCode, String message, String requestId,
            List<ErrorDetail> details) {
        super(statusCode, errorCode, message, requestId, details);
    }
}
