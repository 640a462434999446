package io.oichat;

/**
 * Base of everything the SDK throws on its own account, so one {@code catch} takes it all; the
 * subclass says what went wrong and whether retrying later can help. Unchecked, like the SDK's
 * other failures. No exception ever holds request headers, so no credential leaks through a
 * message, a field or a logger that prints the exception.
 */
public class OiChatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OiChatException(String message) {
        super(message);
    }

    public OiChatException(String message, Throwable cause) {
        super(message, cause);
    }
}
