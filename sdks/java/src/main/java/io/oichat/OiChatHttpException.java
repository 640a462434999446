package io.oichat;

import io.oichat.model.ErrorDetail;
import java.util.List;

/**
 * The server answered with an error status: the common part of {@link OiChatApiException} (4xx)
 * and {@link OiChatServerException} (5xx).
 */
public abstract class OiChatHttpException extends OiChatException {
    private static final long serialVersionUID = 1L;

    private final int statusCode;
    private final String errorCode;
    private final String requestId;
    // Not serialised (a List need not be Serializable): a deserialised exception reports no details.
    private final transient List<ErrorDetail> details;

    protected OiChatHttpException(int statusCode, String errorCode, String message, String requestId,
            List<ErrorDetail> details) {
        super(message);
        this.statusCode = statusCode;
        this.errorCode = errorCode;
        this.requestId = requestId;
        this.details = details == null ? List.of() : List.copyOf(details);
    }

    /** The HTTP status of the last answer. */
    public int statusCode() {
        return statusCode;
    }

    /**
     * The server's stable machine code, e.g. {@code room_not_found}; {@code http_<status>} when the
     * body was not an OiChat error (a proxy's page, say).
     */
    public String errorCode() {
        return errorCode;
    }

    /** The {@code X-Request-Id} of the failed answer, to quote when asking for help; null if none came. */
    public String requestId() {
        return requestId;
    }

    /** The broken rules of a {@code validation_failed}, one per field; empty for other errors. */
    public List<ErrorDetail> details() {
        return details == null ? List.of() : details;
    }
}
