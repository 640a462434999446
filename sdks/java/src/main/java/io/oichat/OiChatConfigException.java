package io.oichat;

/**
 * The client configuration or a call's {@link RequestOptions} is missing a value or has a
 * malformed one. Thrown by {@code build()} and {@link OiChat#fromEnv()}, before anything is sent.
 * The message names the field and never repeats its value (it might be the secret).
 */
public class OiChatConfigException extends OiChatException {
    private static final long serialVersionUID = 1L;

    private final String field;

    public OiChatConfigException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** Name of the offending option, e.g. {@code "secretKey"} or {@code "OICHAT_API_KEY"}. */
    public String field() {
        return field;
    }
}
