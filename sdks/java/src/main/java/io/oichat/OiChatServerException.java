package io.oichat;

import io.oichat.model.ErrorDetail;
import java.util.List;

/**
 * 5xx after the SDK's retries were exhausted, or a 2xx whose body could not be read
 * ({@code errorCode} {@code invalid_response}).
 */
public class OiChatServerException extends OiChatHttpException {
    private static final long serialVersionUID = 1L;

    public OiChatServerException(int statusCode, String errorCode, String message, String requestId,
            List<ErrorDetail> details) {
        super(statusCode, errorCode, message, requestId, details);
    }
}
